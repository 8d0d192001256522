"""The private Streamlit APIs that components/streamlit_internals.py fences are still there in
the installed Streamlit; an upgrade that removes one fails here, naming it, instead of silently
changing how links and Back behave."""

import inspect
import logging

from streamlit.runtime.scriptrunner import get_script_run_ctx  # noqa: F401 (the import is the check)
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
from streamlit.runtime.state import get_session_state  # noqa: F401
from streamlit.runtime.state.query_params import QueryParams

from components import streamlit_internals


def test_the_run_context_has_the_fields_we_read_and_write():
    fields = {field.name for field in ScriptRunContext.__dataclass_fields__.values()}
    assert {"query_string", "is_history_navigation"} <= fields


def test_query_params_can_be_written_without_a_message_to_the_browser():
    assert callable(QueryParams.discard_param_no_forward_msg)
    assert callable(QueryParams.set_with_no_forward_msg)
    assert "_query_params" in {field.name for field in QueryParams.__dataclass_fields__.values()}
    assert list(inspect.signature(QueryParams.set_with_no_forward_msg).parameters)[1:3] == ["key", "val"]


def test_no_other_module_uses_streamlit_internals():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[1]
    private = re.compile(
        r"streamlit\.(runtime\.(scriptrunner|state)|web)\b|_no_forward_msg|\._query_params|ctx\.(is_history_navigation|query_string)"
    )
    users = [
        path.relative_to(root).as_posix()
        for folder in ("components", "pages")
        for path in (root / folder).glob("*.py")
        if private.search(path.read_text(encoding="utf-8"))
    ]
    assert users == ["components/streamlit_internals.py"]


def test_outside_a_run_the_fallbacks_are_the_public_behaviour(caplog):
    with caplog.at_level(logging.WARNING):
        assert streamlit_internals.raw_query_string() == ""
        assert streamlit_internals.is_history_navigation() is False
        assert streamlit_internals.replace_query_params_quietly(["from"], {"to": "2025-01-01"}) is False
    assert not [
        r for r in caplog.records if r.name == streamlit_internals.__name__
    ]  # no session is not a missing internal


def test_a_vanished_internal_is_logged_once_and_falls_back(monkeypatch, caplog):
    class OldContext:  # a run context from a Streamlit that no longer has these fields
        pass

    monkeypatch.setattr(streamlit_internals, "_run_ctx", OldContext)
    monkeypatch.setattr(streamlit_internals, "_warned", set())
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert streamlit_internals.raw_query_string() == ""
            assert streamlit_internals.is_history_navigation() is False
    logged = [r.getMessage() for r in caplog.records if r.name == streamlit_internals.__name__]
    assert len(logged) == 2 and "query_string" in logged[0] and "is_history_navigation" in logged[1]
