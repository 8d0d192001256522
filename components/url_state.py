"""The URL contract: query params <-> view state. The only place that knows the grammar.

    ?from=2024-06-01&to=2025-10-02&countries=KEN,JAM&tab=table

The URL carries only what differs from the default (as Our World in Data's grapher does), so a
link follows new data unless it says otherwise:

- ``from``: ISO date, inclusive. Absent means the first date in the data.
- ``to``: ISO date, inclusive, or ``latest``. Absent (or ``latest``) means "up to the newest
  fact", whatever that is when the link is opened; a date pins the end.
- ``countries``: ISO 3166 alpha-3 codes, comma-separated (repeated ``countries=`` keys are
  accepted too). Absent or empty means all countries.
- ``tab``: ``chart`` or ``table`` (stable ids, not labels). Absent means ``chart``.
- ``v``: the data version a pinned link was made with (an ISO date: the newest ``added`` date
  of any fact row then). Only pinned links write it; a view that carries it says what was
  added to the data since. Absent means "nothing to compare with".
- ``lang``: the interface's language, ``en``, ``fr`` or ``ht`` (``components/i18n.py``).
  Absent means English. It rides with the view like ``countries``, in every link the app
  builds (pinned or following, embed snippet, citation).
- ``scale``: ``linear`` or ``log``, the value axis of the charts that offer both (pledges
  against arrivals, money). Absent means ``linear``.
- ``values``: ``absolute`` or ``share`` (each country's share of the total), on the charts
  that compare countries. Absent means ``absolute``.

Streamlit's own ``embed`` and ``embed_options`` are known pass-through parameters
(``PASS_THROUGH``): read (``is_embedded``), never written, never rewritten, never a notice.

Old links keep working through ``MIGRATIONS``: an ordered, dated list of small functions, each
rewriting one old form into the next, applied before parsing.

Reading never fails. Whatever cannot be read falls back to the default for that part, and a
short notice says so. Parameters outside the grammar (``utm_source``, ``fbclid``...) are
ignored silently. Notices are built only from this module's own words, the grammar's
parameter names, ISO dates and well-formed country codes: never from raw text of the URL, which
may be hostile (and is rendered by Streamlit as Markdown). They hold no Markdown or HTML
characters at all (no brackets, parentheses, asterisks...), so they read the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from components.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, _

# The grammar's parameter names: nothing else in the code spells them.
FROM, TO, COUNTRIES, TAB, VERSION, LANG = "from", "to", "countries", "tab", "v", "lang"
SCALE, VALUES = "scale", "values"
PARAMS = (FROM, TO, COUNTRIES, TAB, VERSION, LANG, SCALE, VALUES)
# Streamlit's own parameters: left in the address bar as they are, and read only to know
# whether the page is embedded (``?embed=true`` hides Streamlit's toolbar; the app then draws
# no sidebar, filter widgets, share box or downloads).
EMBED, EMBED_OPTIONS = "embed", "embed_options"
PASS_THROUGH = (EMBED, EMBED_OPTIONS)
LATEST = "latest"  # to=latest: the same as leaving `to` out
# Stable id -> label (English, marked for translation; ``tab_label`` translates it). The first
# is the default. The English labels are also what old links carried (see MIGRATIONS).
TABS = {"chart": N_("Chart"), "table": N_("Table")}
DEFAULT_TAB = next(iter(TABS))
# The charts' value axes (components/chart_axes.py): the first of each is the default.
SCALES = ("linear", "log")  # linear or log where values span orders of magnitude
VALUE_MODES = ("absolute", "share")  # counts, or each country's share of the total

MAX_VALUE_LENGTH = 400  # longer values are ignored: no real link needs them
MAX_COUNTRIES = 60
ISO3 = re.compile(r"[A-Z]{3}")

Params = dict[str, list[str]]


@dataclass(frozen=True)
class FilterState:
    """What a view shows. ``start`` and ``end`` are always concrete dates; ``pinned_end``
    says whether the end was chosen (a date in the link) or follows the newest fact."""

    start: dt.date
    end: dt.date
    countries: tuple[str, ...] = ()  # sorted, unique; empty means all countries
    pinned_end: bool = False
    tab: str = DEFAULT_TAB
    version: dt.date | None = None  # the data version the link was made with (``v``), if any
    lang: str = DEFAULT_LANGUAGE
    scale: str = SCALES[0]  # ``scale``: the value axis of the charts that offer a log scale
    values: str = VALUE_MODES[0]  # ``values``: counts or shares, where countries are compared

    def with_countries(self, countries: Sequence[str]) -> FilterState:
        return replace(self, countries=tuple(sorted(set(countries))))


@dataclass(frozen=True)
class Bounds:
    """What a valid state may hold: the dataset's date span and its country codes."""

    first: dt.date
    last: dt.date
    countries: frozenset[str]
    version: dt.date | None = None  # the data's version: the newest ``added`` date of any fact

    def default_state(self, lang: str = DEFAULT_LANGUAGE) -> FilterState:
        return FilterState(self.first, self.last, (), lang=lang)

    def resolve(self, state: FilterState) -> FilterState:
        """``state`` against this data: an end that follows new data moves to the newest fact,
        and dates outside the data are brought inside it."""
        end = min(state.end, self.last) if state.pinned_end else self.last
        start = min(max(state.start, self.first), end)
        return replace(state, start=start, end=max(end, start))


# --- Migrations: old links -> today's grammar ---------------------------------------------


def _country_to_countries(params: Params) -> Params:
    """Early prototypes wrote ``country=KEN``; a ``countries`` in the same link wins."""
    params = dict(params)
    legacy = params.pop("country", None)
    if legacy is not None:
        params.setdefault(COUNTRIES, legacy)
    return params


def _tab_labels_to_ids(params: Params) -> Params:
    """``tab`` held the tab's label (``tab=Table``); it now holds a stable id (``tab=table``)."""
    labels = {label: tab_id for tab_id, label in TABS.items()}
    if TAB in params:
        params = {**params, TAB: [labels.get(value, value) for value in params[TAB]]}
    return params


# Ordered oldest first. Each entry: the date the old form stopped being written, what it
# rewrites, and a function from params to params. Never edit an entry: add a new one.
MIGRATIONS: tuple[tuple[str, str, Callable[[Params], Params]], ...] = (
    ("2026-11-24", "country -> countries", _country_to_countries),
    ("2026-11-28", "tab labels (Chart, Table) -> tab ids (chart, table)", _tab_labels_to_ids),
)
LEGACY_PARAMS = ("country",)  # parameter names that only a migration reads


def migrate(params: Mapping[str, str | Sequence[str]]) -> Params:
    """The grammar's parameters of ``params`` (and legacy ones), as lists, migrated to today's
    grammar. Anything else in the URL is dropped here, unread."""
    current: Params = {}
    for key in params:
        if key in PARAMS or key in LEGACY_PARAMS:
            raw = params[key]
            current[key] = [raw] if isinstance(raw, str) else [str(value) for value in raw]
    for _date, _what, step in MIGRATIONS:
        current = step(current)
    return current


# --- Reading ---------------------------------------------------------------------------------


def single_date(values: list[str]) -> tuple[dt.date | None, str | None]:
    """A parameter's one ISO date: ``(date, None)``, or ``(None, "repeated" | "malformed")``."""
    if len(values) > 1:
        return None, "repeated"
    text = values[0].strip()
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, "malformed"


def _parse_date(values: list[str], name: str, bounds: Bounds, notices: list[str]) -> dt.date | None:
    if not values:
        return None
    value, problem = single_date(values)
    if problem == "repeated":
        notices.append(_("The link gave '{name}' more than once, so the default was used.").format(name=name))
        return None
    if problem == "malformed":
        notices.append(
            _("The '{name}' date in the link is not a date written YYYY-MM-DD, so the default was used.").format(
                name=name
            )
        )
        return None
    if value < bounds.first or value > bounds.last:
        clamped = min(max(value, bounds.first), bounds.last)
        notices.append(
            _(
                "The '{name}' date {date} is outside the data, which runs from {first} to {last}, so {used} was used."
            ).format(
                name=name,
                date=value.isoformat(),
                first=bounds.first.isoformat(),
                last=bounds.last.isoformat(),
                used=clamped.isoformat(),
            )
        )
        return clamped
    return value


def _parse_countries(values: list[str], bounds: Bounds, notices: list[str]) -> tuple[str, ...]:
    codes: list[str] = []
    for value in values:
        codes += [part.strip().upper() for part in value.split(",") if part.strip()]
    if len(codes) > MAX_COUNTRIES:
        notices.append(
            _("The link listed more than {n} countries; only the first {n} were read.").format(n=MAX_COUNTRIES)
        )
        codes = codes[:MAX_COUNTRIES]
    known = sorted({code for code in codes if code in bounds.countries})
    unknown = sorted({code for code in codes if code not in bounds.countries})
    if unknown:
        shown = [code for code in unknown if ISO3.fullmatch(code)][:5]
        label = ", ".join(shown) if shown else _("values that are not country codes")
        notices.append(
            _("The link named countries that are not in the data: {codes}. They were left out.").format(codes=label)
        )
    return tuple(known)


def _parse_version(values: list[str], bounds: Bounds, notices: list[str]) -> dt.date | None:
    if not values:
        return None
    value, problem = single_date(values)
    if problem == "repeated":
        notices.append(_("The link gave '{name}' more than once, so it was ignored.").format(name=VERSION))
        return None
    if problem == "malformed":
        notices.append(
            _("The link's data version '{name}' is not a date written YYYY-MM-DD, so it was ignored.").format(
                name=VERSION
            )
        )
        return None
    if bounds.version is not None and value > bounds.version:
        notices.append(
            _(
                "The link's data version {version} is newer than this data, version {current}, so it was ignored."
            ).format(version=value.isoformat(), current=bounds.version.isoformat())
        )
        return None
    return value


def _parse_tab(values: list[str], notices: list[str]) -> str:
    if not values:
        return DEFAULT_TAB
    if len(values) == 1 and values[0].strip().lower() in TABS:
        return values[0].strip().lower()
    notices.append(
        _("The link's '{name}' is not one of {values}, so the chart was shown.").format(
            name=TAB, values=", ".join(TABS)
        )
    )
    return DEFAULT_TAB


def _parse_lang(values: list[str], notices: list[str]) -> str:
    if not values:
        return DEFAULT_LANGUAGE
    if len(values) == 1 and values[0].strip().lower() in LANGUAGES:
        return values[0].strip().lower()
    notices.append(
        _("The link's '{name}' is not one of {values}, so the page is shown in English.").format(
            name=LANG, values=", ".join(LANGUAGES)
        )
    )
    return DEFAULT_LANGUAGE


def _parse_choice(values: list[str], name: str, choices: tuple[str, ...], notices: list[str]) -> str:
    """One of ``choices`` (the first is the default); anything else gives the default and a notice."""
    if not values:
        return choices[0]
    if len(values) == 1 and values[0].strip().lower() in choices:
        return values[0].strip().lower()
    notices.append(
        _("The link's '{name}' is not one of {values}, so {default} was used.").format(
            name=name, values=", ".join(choices), default=choices[0]
        )
    )
    return choices[0]


def language_of(params: Mapping[str, str | Sequence[str]]) -> str:
    """The language a URL asks for (English if it asks for none or for an unknown one), read
    before anything else so that the page, its notices included, is in that language."""
    values = migrate(params).get(LANG, [])
    if any(len(value) > MAX_VALUE_LENGTH for value in values):
        return DEFAULT_LANGUAGE
    return _parse_lang(values, [])


def parse_query_params(params: Mapping[str, str | Sequence[str]], bounds: Bounds) -> tuple[FilterState, list[str]]:
    """Read a state from query params. Returns the state and notices for the user."""
    notices: list[str] = []
    migrated = migrate(params)
    for key in PARAMS:
        if any(len(value) > MAX_VALUE_LENGTH for value in migrated.get(key, [])):
            notices.append(_("The link's '{name}' value is too long to be real, so it was ignored.").format(name=key))
            migrated[key] = []
    default = bounds.default_state()
    start = _parse_date(migrated.get(FROM, []), FROM, bounds, notices)
    to_values = migrated.get(TO, [])
    follows = to_values == [] or [value.strip().lower() for value in to_values] == [LATEST]
    end = None if follows else _parse_date(to_values, TO, bounds, notices)
    if start and end and start > end:
        notices.append(
            _("The link's '{first}' date is after its '{last}' date, so the default dates were used.").format(
                first=FROM, last=TO
            )
        )
        start = end = None
    countries = _parse_countries(migrated.get(COUNTRIES, []), bounds, notices)
    tab = _parse_tab(migrated.get(TAB, []), notices)
    version = _parse_version(migrated.get(VERSION, []), bounds, notices)
    lang = _parse_lang(migrated.get(LANG, []), notices)
    scale = _parse_choice(migrated.get(SCALE, []), SCALE, SCALES, notices)
    value_mode = _parse_choice(migrated.get(VALUES, []), VALUES, VALUE_MODES, notices)
    state = FilterState(
        start or default.start,
        end or default.end,
        countries,
        pinned_end=end is not None,
        tab=tab,
        version=version,
        lang=lang,
        scale=scale,
        values=value_mode,
    )
    if state.start > state.end:  # one date given, the other defaulted past it
        notices.append(_("The link's dates do not make a period, so the default dates were used."))
        state = replace(state, start=default.start, end=default.end, pinned_end=False)
    return state, notices


def is_embedded(params: Mapping[str, str | Sequence[str]]) -> bool:
    """Whether the URL asks for Streamlit's embedded mode (``embed=true``, any case)."""
    raw = next((value for key, value in params.items() if key.lower() == EMBED), None)
    values = [raw] if isinstance(raw, str) else list(raw or [])
    return any(str(value).strip().lower() == "true" for value in values)


def has_view_params(params: Mapping[str, object]) -> bool:
    """Whether a URL says anything about the view (any grammar or legacy parameter)."""
    return any(key in params for key in (*PARAMS, *LEGACY_PARAMS))


# --- Writing ---------------------------------------------------------------------------------


def to_query_params(state: FilterState, bounds: Bounds, *, pinned: bool = False) -> dict[str, str]:
    """The canonical query params for a state: only what differs from the default, so the
    link follows new data (round-trips through ``parse_query_params``). ``pinned=True`` writes
    both dates, for a link that shows these dates whatever data is added later, and the data
    version it was made with (``v``, when the bounds know it), so that it can say what is new."""
    params: dict[str, str] = {}
    if pinned or state.start != bounds.first:
        params[FROM] = state.start.isoformat()
    if pinned or state.pinned_end:
        params[TO] = state.end.isoformat()
    if state.countries:
        params[COUNTRIES] = ",".join(state.countries)
    if state.tab != DEFAULT_TAB:
        params[TAB] = state.tab
    version = (bounds.version or state.version) if pinned else state.version
    if version is not None:
        params[VERSION] = version.isoformat()
    if state.lang != DEFAULT_LANGUAGE:
        params[LANG] = state.lang
    if state.scale != SCALES[0]:
        params[SCALE] = state.scale
    if state.values != VALUE_MODES[0]:
        params[VALUES] = state.values
    return params


def query_string(state: FilterState, bounds: Bounds, *, pinned: bool = False) -> str:
    # Every value is an ISO date (dates and the data version), comma-joined capitals, a tab id, a
    # language id or one of the axes' words: nothing needs escaping.
    return "&".join(f"{key}={value}" for key, value in to_query_params(state, bounds, pinned=pinned).items())


def is_canonical(params: Mapping[str, str | Sequence[str]], state: FilterState, bounds: Bounds) -> bool:
    """Whether the grammar's part of ``params`` is exactly the canonical form of ``state``
    (parameters outside the grammar do not count)."""
    wanted = {key: [value] for key, value in to_query_params(state, bounds).items()}
    given = {
        key: ([raw] if isinstance(raw, str) else list(raw))
        for key, raw in params.items()
        if key in PARAMS or key in LEGACY_PARAMS
    }
    return given == wanted


def tab_label(tab_id: str) -> str:
    """The tab's label in the current language."""
    return _(TABS.get(tab_id, TABS[DEFAULT_TAB]))


def tab_id(label: str | None) -> str:
    """The tab id of a label in the current language."""
    return next((tab for tab in TABS if tab_label(tab) == label), DEFAULT_TAB)
