"""The view in the URL and in the session, kept in step; the sidebar's filter controls. The
URL grammar itself lives in ``components/url_state.py`` alone.

How the view survives page switches: Streamlit's sidebar navigation drops query params and
resets widgets that live on another page. So the canonical state is kept under a non-widget
session key, ``FILTERS_KEY``, which only this module reads and writes. On every run:

- a URL that carries view params wins (a shared link, a reload, Back or Forward);
- a URL without them means the default view when it is the session's first run or a Back or
  Forward step (the URL only carries what differs from the default), and otherwise (a page
  switch in the sidebar) the session's state, written back into the URL.

A URL written back while a page loads (that page switch, or a malformed or old link made
canonical) replaces the browser's history entry instead of adding one, so Back goes back one
view per press: ``url_sync.js`` calls ``history.replaceState``, and the server's copy of the
query params is updated without a message to the browser (components/streamlit_internals.py).
A widget change is a new view, so its callback writes ``st.query_params`` and the browser gets
a new history entry.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import urllib.parse
from dataclasses import replace

import streamlit as st

from components import i18n, streamlit_internals, time_frames, url_state, views
from components.data import Dataset
from components.i18n import N_, _
from components.safe_markdown import md_text
from components.url_state import Bounds, FilterState

FILTERS_KEY = "filters"
_NOTICE_KEY = "_notice"  # a callback's notice for the next run (both in this module)
LANGUAGE_LABEL = "Language · Langue · Lang"  # in the three languages, so that anyone finds the switch
# The switch's button names the language short, so that the label stays on one line in the
# sidebar (240 px) at any window width; its list gives the full names (i18n.LANGUAGES).
SWITCH_NAMES = {"en": "English", "fr": "Français", "ht": "Kreyòl"}
# The sidebar's controls keep their size: the language button on one line (a little less
# padding than Streamlit's buttons), and the Filters popover as wide as it opens, not widening
# over the page with the countries chosen (each wraps in the box instead).
CONTROLS_CSS = """<style>
.st-key-language_popover button { padding-left: 8px; padding-right: 8px; }
.st-key-language_popover button p { white-space: nowrap; }
[data-testid="stPopoverBody"]:has(.st-key-w_countries) { width: min(18rem, calc(100vw - 2rem)); }
</style>"""
TAB_WIDGET = "w_tab"
# The axis switches' and time players' keys (any other is refused: none is left out of
# WIDGET_KEYS, the widgets adopted after a reconnect). A player's stop is a trigger (key + TRIGGERS).
AXIS_SWITCH_KEYS = ("w_pledges_scale", "w_personnel_values", "w_donors_scale")
PLAYER_KEYS, TRIGGERS = ("map_player", "pledges_player"), "__events"  # Streamlit's suffix for triggers
WIDGET_KEYS = ("w_from", "w_to", "w_countries", "w_lang", TAB_WIDGET, *AXIS_SWITCH_KEYS)
WIDGET_KEYS += tuple(key + TRIGGERS for key in PLAYER_KEYS)
_RECONNECTED_KEY = "_reconnected_widgets"  # widget values sent with a reconnected session's first run
FRONTEND = pathlib.Path(__file__).parent / "frontend"
_url_sync_component = st.components.v2.component(
    "hmt_url_sync", js=(FRONTEND / "url_sync.js").read_text(encoding="utf-8")
)
# Closes the Countries list after a choice, as a select box does (the script says why).
_close_on_choice_component = st.components.v2.component(
    "hmt_close_on_choice", js=(FRONTEND / "close_on_choice.js").read_text(encoding="utf-8")
)


def is_embedded() -> bool:
    """Whether the page is shown embedded (``?embed=true``, Streamlit's own flag, which
    ``st.query_params`` hides): no sidebar, no widgets."""
    return url_state.is_embedded(urllib.parse.parse_qs(streamlit_internals.raw_query_string(), keep_blank_values=True))


def view_bounds(ds: Dataset) -> Bounds:
    """What a view can range over in ``ds``: its dates, the countries it names, its data version
    (components/views.py: the API's views read the same bounds)."""
    return views.view_bounds(ds)


def page_language() -> str:
    """The language of this run, decided as the view is (see the module docstring): the URL's
    when it carries view params, English for a first run or a Back step to a bare URL, and
    otherwise (a page switch in the sidebar) the session's."""
    params = _current_params()
    if url_state.has_view_params(params):
        return url_state.language_of(params)
    if streamlit_internals.is_history_navigation() or FILTERS_KEY not in st.session_state:
        return i18n.DEFAULT_LANGUAGE
    return st.session_state[FILTERS_KEY].lang


def _current_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _push_url(state: FilterState, bounds: Bounds) -> None:
    """Write the state into the URL as a new history entry (a user's change of view)."""
    wanted = url_state.to_query_params(state, bounds)
    for key in (*url_state.PARAMS, *url_state.LEGACY_PARAMS):
        if key not in wanted and key in st.query_params:
            del st.query_params[key]
    if any(st.query_params.get_all(k) != [v] for k, v in wanted.items()):
        st.query_params.update(wanted)


def _replace_url(state: FilterState, bounds: Bounds) -> None:
    """Make the URL canonical while a page loads, replacing the history entry (see above)."""
    grammar = [*url_state.PARAMS, *url_state.LEGACY_PARAMS]
    streamlit_internals.replace_query_params_quietly(grammar, url_state.to_query_params(state, bounds))
    with st.container() if is_embedded() else st.sidebar:  # embedded, the page has no sidebar
        _url_sync_component(data={"query": url_state.query_string(state, bounds), "keys": grammar}, key="url_sync")


def _callback_language() -> None:
    """Widget callbacks run before the page, in a new thread: speak the session's language."""
    state = st.session_state.get(FILTERS_KEY)
    i18n.set_language(state.lang if state is not None else i18n.DEFAULT_LANGUAGE)


def _set_state(state: FilterState, bounds: Bounds) -> None:
    st.session_state[FILTERS_KEY] = state
    _push_url(state, bounds)


def _on_dates_change(bounds: Bounds) -> None:
    _callback_language()
    state: FilterState = st.session_state[FILTERS_KEY]
    start, end = st.session_state.get("w_from"), st.session_state.get("w_to")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return  # a cleared field: keep the last good dates
    if start > end:
        start, end = end, start
        st.session_state[_NOTICE_KEY] = _("'From' was after 'To', so the two dates were swapped.")
    # An end on the newest fact follows new data; any other end is pinned.
    _set_state(replace(state, start=start, end=end, pinned_end=end != bounds.last), bounds)


def _on_countries_change(bounds: Bounds) -> None:
    state: FilterState = st.session_state[FILTERS_KEY]
    _set_state(state.with_countries(st.session_state.get("w_countries", [])), bounds)


def synced_tabs(state: FilterState, bounds: Bounds):
    """The Chart and Table tabs (``st.tabs``), the one ``state`` names open; a click on the
    other is a new view (its callback writes the URL)."""
    st.session_state[TAB_WIDGET] = url_state.tab_label(state.tab)
    labels = [url_state.tab_label(tab) for tab in url_state.TABS]
    tabs = st.tabs(labels, key=TAB_WIDGET, on_change=_on_tab_change, args=(bounds,))
    sent = st.session_state.get(_RECONNECTED_KEY, {}).get(TAB_WIDGET)
    if isinstance(sent, str):  # the tab the reader opened, sent after a reconnect
        _adopt_reconnected_change(state, replace(state, tab=url_state.tab_id(sent)), bounds)
    return tabs


# The charts' axis switches: the view's field, its link parameter, its choices and their labels.
AXIS_SWITCHES = {
    url_state.SCALE: (N_("Scale"), {"linear": N_("Linear"), "log": N_("Log")}),
    url_state.VALUES: (N_("Values"), {"absolute": N_("Absolute"), "share": N_("Share of total")}),
}


def synced_axis_switch(state: FilterState, bounds: Bounds, param: str, key: str) -> None:
    """A switch for one of the charts' axes (``scale`` or ``values``, components/url_state.py),
    showing ``state``'s choice; a click is a new view (its callback writes the URL)."""
    if key not in AXIS_SWITCH_KEYS:
        raise ValueError(f"axis switch {key!r} is not in AXIS_SWITCH_KEYS (a reconnect would lose its clicks)")
    label, choices = AXIS_SWITCHES[param]
    field = "scale" if param == url_state.SCALE else "values"
    st.session_state[key] = getattr(state, field)
    st.radio(
        _(label),
        list(choices),
        key=key,
        format_func=lambda choice: _(choices[choice]),
        horizontal=True,
        on_change=_on_axis_change,
        args=(bounds, field, key),
    )
    # After a reconnect, the choice the reader clicked, as the radio sends it: its label in the
    # page's language.
    sent = st.session_state.get(_RECONNECTED_KEY, {}).get(key)
    chosen = next((choice for choice, text in choices.items() if _(text) == sent), None)
    if chosen is not None:
        _adopt_reconnected_change(state, replace(state, **{field: chosen}), bounds)


def _on_axis_change(bounds: Bounds, field: str, key: str) -> None:
    _callback_language()
    state: FilterState = st.session_state[FILTERS_KEY]
    _set_state(replace(state, **{field: st.session_state.get(key)}), bounds)


# The time slider with Play (components/frontend/time_player.js): it draws the months in the
# browser; the view changes once, when the reader stops on a month.
_player_component = st.components.v2.component(
    "hmt_time_player", js=(FRONTEND / "time_player.js").read_text(encoding="utf-8"), isolate_styles=False
)
PLAYER_HEIGHT = 44  # px: one row, on a phone too (time_player.js)
_PLAYER_FRAMES_KEY = "_player_frames"  # per player, the view whose frames the reader asked for
PLAYER_WORDS = {
    "group": N_("Time"),
    "label": N_("As of"),
    "play": N_("Play"),
    "pause": N_("Pause"),
    "play_help": N_("Play: show the months one after another, up to the newest fact"),
    "showing": N_("Showing {month}"),
}


def synced_time_player(
    state: FilterState, bounds: Bounds, key: str, target: str, stops: dict, frames, kind: str = "chart"
) -> None:
    """A month slider with Play for the chart in ``st.container(key=target)``. ``stops``: the
    months (ISO) and their labels; ``frames()``: the chart's (``kind`` "chart") or the map's
    (``kind`` "map") frames, built only once the reader
    has asked to play (the first Play asks the server once; then every step is drawn in the
    browser). The month the reader stops on becomes the view's end date (the link's ``to``)."""
    if key not in PLAYER_KEYS:
        raise ValueError(f"time player {key!r} is not in PLAYER_KEYS (a reconnect would lose where it stopped)")
    sent = st.session_state.get(_RECONNECTED_KEY, {}).get(key + TRIGGERS)  # a stop sent after a reconnect
    if (stopped := time_frames.stopped_view(state, bounds, time_frames.sent_stop(sent))) is not None:
        _adopt_reconnected_change(state, stopped, bounds)
    data = {
        "months": stops["months"],
        "labels": stops["labels"],
        "index": time_frames.stop_index(stops["months"], state.end),
        "target": target,
        "words": {name: _(text) for name, text in PLAYER_WORDS.items()},
        "kind": kind,
        "payload": frames() if _frames_wanted(key, state) else None,
    }
    _player_component(
        data=data,
        key=key,
        height=PLAYER_HEIGHT,  # reserved before its script runs: nothing below it moves
        on_stopped_change=lambda: _on_player_stopped(bounds, key),
        on_frames_change=lambda: _on_frames_wanted(key),
    )


def _frames_signature(state: FilterState) -> tuple:
    """What a player's frames depend on: a view with other countries, scale or language needs
    new ones, asked for by the next Play (so a filter change never builds frames nobody plays)."""
    return (state.countries, state.scale, state.lang)


def _frames_wanted(key: str, state: FilterState) -> bool:
    return st.session_state.get(_PLAYER_FRAMES_KEY, {}).get(key) == _frames_signature(state)


def _on_frames_wanted(key: str) -> None:
    wanted = dict(st.session_state.get(_PLAYER_FRAMES_KEY, {}))
    wanted[key] = _frames_signature(st.session_state[FILTERS_KEY])
    st.session_state[_PLAYER_FRAMES_KEY] = wanted


def _on_player_stopped(bounds: Bounds, key: str) -> None:
    _callback_language()
    result = st.session_state.get(key)
    month = result.get("stopped") if hasattr(result, "get") else None
    stopped = time_frames.stopped_view(st.session_state[FILTERS_KEY], bounds, month)
    if stopped is not None:
        _set_state(stopped, bounds)


def _widgets_sent_on_reconnect() -> dict[str, object]:
    """On a session's first run, the filter widgets whose values the browser sent with it. A
    fresh page sends none. A tab whose replica went away reconnects to another one and gets a
    new session; the reader's next change is that session's first run and carries every
    widget's value, the change included, with no on_change callback: the page would draw the
    URL's view over it and the click would be lost. Those values are the reader's view with the
    change applied, so they win over the URL (``_adopt_reconnected_change``)."""
    if FILTERS_KEY in st.session_state:
        return {}
    return streamlit_internals.widget_values_sent_with_first_run(WIDGET_KEYS)


def _adopt_reconnected_change(state: FilterState, wanted: FilterState, bounds: Bounds) -> None:
    """If the widgets sent after a reconnect say another view than the URL, that is the
    reader's change: apply it as a change and run again."""
    if wanted != state:
        _set_state(wanted, bounds)
        st.rerun()


def _on_tab_change(bounds: Bounds) -> None:
    _callback_language()
    state: FilterState = st.session_state[FILTERS_KEY]
    _set_state(replace(state, tab=url_state.tab_id(st.session_state.get(TAB_WIDGET))), bounds)


def _on_language_change(bounds: Bounds) -> None:
    state: FilterState = st.session_state[FILTERS_KEY]
    lang = st.session_state.get("w_lang")
    _set_state(replace(state, lang=lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE), bounds)


def view_state(bounds: Bounds) -> tuple[FilterState, list[str]]:
    """The state this run shows, and notices about the link; rewrites a URL that is not
    canonical (replacing its history entry)."""
    params = _current_params()
    if url_state.has_view_params(params):
        state, notices = url_state.parse_query_params(params, bounds)
        if not url_state.is_canonical(params, state, bounds):
            _replace_url(state, bounds)  # a malformed or old link becomes the canonical one
        return state, notices
    if streamlit_internals.is_history_navigation() or FILTERS_KEY not in st.session_state:
        return bounds.default_state(), []  # the URL says "the default view"
    state = bounds.resolve(st.session_state[FILTERS_KEY])  # a page switch: the session's view
    if url_state.to_query_params(state, bounds):
        _replace_url(state, bounds)
    return state, []


def sync_view(ds: Dataset, bounds: Bounds, names: dict[str, str], embedded: bool) -> FilterState:
    """The view this run shows, kept as the session's; the sidebar's controls (not embedded)
    and a notice about what was wrong with the link, if anything."""
    st.session_state[_RECONNECTED_KEY] = _widgets_sent_on_reconnect()
    state, notices = view_state(bounds)
    st.session_state[FILTERS_KEY] = state
    if _NOTICE_KEY in st.session_state:
        notices.append(st.session_state.pop(_NOTICE_KEY))
    if not embedded:
        _sidebar_filters(ds, state, bounds, names)
    if notices:
        text = (
            " ".join(notices[:3])
            + " "
            + (
                _("The other parts of the link were applied.")
                if len(notices) <= 3
                else _("Other problems with the link were also fixed.")
            )
        )
        # Notices are written by url_state from its own words; escaped all the same, so that
        # nothing in them can ever render as a link, emphasis or HTML.
        st.info(md_text(text), icon="ℹ️")
    return state


def _sidebar_filters(ds: Dataset, state: FilterState, bounds: Bounds, names: dict[str, str]) -> None:
    sent = st.session_state[_RECONNECTED_KEY]  # values the browser sent after a reconnect stay
    for key, value in (
        ("w_from", state.start),
        ("w_to", state.end),
        ("w_countries", list(state.countries)),
        ("w_lang", state.lang),
    ):
        if key not in sent:
            st.session_state[key] = value
    names = i18n.country_names(names)
    # The controls sit in popovers, whose content Streamlit draws only when opened: a page's
    # first paint then needs none of the date picker's and select box's scripts (about 400 kB
    # of Streamlit's own chunks), and its chart appears sooner (README, Performance). The page's
    # filter line says what the view shows without opening anything.
    with st.sidebar:
        # The switch's label is in all three languages: a reader who does not read the page's
        # language still finds it.
        st.html(CONTROLS_CSS)  # our own constant: nothing from a URL or the data
        _close_on_choice_component(data={}, key="close_on_choice")
        switch_name = SWITCH_NAMES.get(state.lang, i18n.LANGUAGES[state.lang])
        with st.popover(f"{LANGUAGE_LABEL}: {switch_name}", width="stretch", key="language_popover"):
            st.selectbox(
                LANGUAGE_LABEL,
                list(i18n.LANGUAGES),
                key="w_lang",
                format_func=i18n.LANGUAGES.get,
                on_change=_on_language_change,
                args=(bounds,),
            )
        with st.popover(_("Filters"), width="stretch", key="filters_popover"):
            st.date_input(
                _("From"),
                key="w_from",
                min_value=bounds.first,
                max_value=bounds.last,
                on_change=_on_dates_change,
                args=(bounds,),
                format="YYYY-MM-DD",
            )
            st.date_input(
                _("To"),
                key="w_to",
                min_value=bounds.first,
                max_value=bounds.last,
                on_change=_on_dates_change,
                args=(bounds,),
                format="YYYY-MM-DD",
            )
            st.multiselect(
                _("Countries"),
                sorted(bounds.countries, key=lambda c: names.get(c, c)),
                key="w_countries",
                format_func=lambda c: f"{names.get(c, c)} ({c})",
                on_change=_on_countries_change,
                args=(bounds,),
                placeholder=_("All countries"),
                select_all=False,  # no countries chosen already means all of them
            )
        st.caption(
            _("Data as of {date} (the latest dated fact).").format(date=i18n.date(ds.as_of))
            + ("" if state.pinned_end else " " + _("The view follows new data."))
        )
    if set(sent) & {"w_from", "w_to", "w_countries", "w_lang"}:
        _adopt_reconnected_change(state, _view_of_sent_widgets(state, bounds), bounds)


def _view_of_sent_widgets(state: FilterState, bounds: Bounds) -> FilterState:
    """The view the filter widgets say, after a reconnect (their values as the browser sent them)."""
    start, end = st.session_state.get("w_from"), st.session_state.get("w_to")
    both = isinstance(start, dt.date) and isinstance(end, dt.date)
    first, last = (min(start, end), max(start, end)) if both else (state.start, state.end)
    pinned_end = last != bounds.last if last != state.end else state.pinned_end
    lang = st.session_state.get("w_lang")
    countries = state.with_countries(st.session_state.get("w_countries", []))
    lang = lang if lang in i18n.LANGUAGES else state.lang
    return replace(countries, start=first, end=last, pinned_end=pinned_end, lang=lang)
