"""Every private Streamlit API the dashboard uses, fenced here and nowhere else (Streamlit
1.67). Each use says why it is needed and which public API would replace it. When one of them
disappears in an upgrade, the function logs it once and falls back to the public behaviour,
and tests/test_streamlit_internals.py fails, naming the missing piece.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Iterable, Mapping

log = logging.getLogger(__name__)


_warned: set[str] = set()


def _warn_once(what: str, error: BaseException) -> None:
    """Log a missing internal once per process, not on every run of every session."""
    if what not in _warned:
        _warned.add(what)
        log.warning("Streamlit internal unavailable (%s): %r; falling back to public behaviour", what, error)


def _run_ctx():
    """The script run's context, or None outside a run (a bare script)."""
    # Private: streamlit.runtime.scriptrunner.get_script_run_ctx. Public replacement: none
    # yet for the fields below (st.context has neither the raw query nor the history flag).
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx()


def raw_query_string() -> str:
    """The page's query string as the browser sent it. ``st.query_params`` hides Streamlit's
    own ``embed`` parameters, which the dashboard needs to know whether it is embedded.
    Public replacement: ``st.query_params`` if it ever exposes ``embed``."""
    try:
        ctx = _run_ctx()
        return (ctx.query_string or "") if ctx is not None else ""
    except (ImportError, AttributeError) as error:
        _warn_once("ScriptRunContext.query_string", error)
        return ""


def is_history_navigation() -> bool:
    """Whether this run was started by the browser's Back or Forward button: then a URL
    without view params means the default view, not "keep the session's view". Public
    replacement: none (a flag in ``st.context`` would do)."""
    try:
        ctx = _run_ctx()
        return bool(ctx is not None and ctx.is_history_navigation)
    except (ImportError, AttributeError) as error:
        _warn_once("ScriptRunContext.is_history_navigation", error)
        return False


def replace_query_params_quietly(remove: Iterable[str], wanted: Mapping[str, str]) -> bool:
    """Set the server's copy of the query params without the message that would make the
    browser push a history entry (Streamlit's frontend pushes one for every script-side
    ``st.query_params`` change); the browser's URL is replaced by url_sync.js instead. Public
    replacement: an ``st.query_params`` write that replaces the history entry. Returns False
    when there is no session (a bare script) or the internals are gone."""
    try:
        # Private: get_session_state().query_params(), QueryParams.discard_param_no_forward_msg,
        # set_with_no_forward_msg and _query_params; ScriptRunContext.query_string (kept in
        # step, so that raw_query_string() in this run sees the new query).
        from streamlit.runtime.state import get_session_state

        ctx = _run_ctx()
        if ctx is None:
            return False
        with get_session_state().query_params() as qp:
            for key in remove:
                qp.discard_param_no_forward_msg(key)
            for key, value in wanted.items():
                qp.set_with_no_forward_msg(key, value)
            ctx.query_string = urllib.parse.urlencode(qp._query_params, doseq=True)
        return True
    except (ImportError, AttributeError) as error:
        _warn_once("QueryParams no-forward-message writes", error)
        return False


def widget_values_sent_with_first_run(keys: Iterable[str]) -> dict[str, object]:
    """The widgets (by key) whose values the browser sent with this session's first run, each
    with its raw string value where it has one (a label; a component's triggers, as JSON),
    else True. A tab that reconnects to another
    replica (deploy/) gets a new session whose first run carries the reader's change; Streamlit
    runs no on_change callback for it, so components/view_sync.py adopts these values instead.
    Private: SessionState._new_widget_state.states (widget ids end with the widget's key).
    Public replacement: none (a "values sent by the browser" view of the session state)."""
    try:
        from streamlit.runtime.state import get_session_state

        if _run_ctx() is None:
            return {}
        states = get_session_state()._state._new_widget_state.states
    except (ImportError, AttributeError, RuntimeError) as error:
        _warn_once("SessionState._new_widget_state", error)
        return {}
    sent: dict[str, object] = {}
    for widget_id, state in states.items():
        key = next((key for key in keys if str(widget_id).endswith(f"-{key}")), None)
        if key:
            proto = getattr(state, "value", None)
            which = getattr(proto, "WhichOneof", None)
            kind = proto.WhichOneof("value") if which else None
            # A radio or tab sends its label, a component's triggers their JSON: kept as text.
            sent[key] = getattr(proto, kind) if kind in ("string_value", "json_trigger_value") else True
    return sent
