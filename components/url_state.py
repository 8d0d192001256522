"""The URL contract: query params <-> filter state. The only place that knows the grammar.

    ?from=2024-06-01&to=2025-10-02&countries=KEN,JAM

- ``from`` / ``to``: ISO dates, inclusive. Always written, so a shared link keeps showing the
  same period after the data grows (a link without them means "everything so far").
- ``countries``: ISO 3166 alpha-3 codes, comma-separated (repeated ``countries=`` keys are
  accepted too). Absent or empty means all countries.
- Old links: ``country`` (singular, used by early prototypes) is read as ``countries``.

Reading never fails. Whatever cannot be read falls back to the default for that part, and a
short notice says so. Notices never repeat raw text from the URL (it may be hostile): they
name the parameter and, for country codes, only well-formed codes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

MAX_VALUE_LENGTH = 400  # longer values are ignored: no real link needs them
MAX_COUNTRIES = 60
LEGACY_PARAMS = {"country": "countries"}
ISO3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class FilterState:
    start: dt.date
    end: dt.date
    countries: tuple[str, ...] = ()  # sorted, unique; empty means all countries

    def with_countries(self, countries: Sequence[str]) -> FilterState:
        return replace(self, countries=tuple(sorted(set(countries))))


@dataclass(frozen=True)
class Bounds:
    """What a valid state may hold: the dataset's date span and its country codes."""

    first: dt.date
    last: dt.date
    countries: frozenset[str]

    def default_state(self) -> FilterState:
        return FilterState(self.first, self.last, ())


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    raw = params.get(key, [])
    return [raw] if isinstance(raw, str) else list(raw)


def _migrate(params: Mapping[str, str | Sequence[str]]) -> dict[str, list[str]]:
    """Rename legacy parameters; a current parameter wins over its legacy name."""
    migrated = {key: _values(params, key) for key in params}
    for old, new in LEGACY_PARAMS.items():
        if old in migrated:
            legacy = migrated.pop(old)
            migrated.setdefault(new, legacy)
    return migrated


def _parse_date(values: list[str], name: str, bounds: Bounds, notices: list[str]) -> dt.date | None:
    if not values:
        return None
    if len(values) > 1:
        notices.append(f"The link gave '{name}' more than once, so the default was used.")
        return None
    text = values[0].strip()
    try:
        if len(text) != 10:
            raise ValueError
        value = dt.date.fromisoformat(text)
    except ValueError:
        notices.append(f"The '{name}' date in the link is not a date written YYYY-MM-DD, so the default was used.")
        return None
    if value < bounds.first or value > bounds.last:
        clamped = min(max(value, bounds.first), bounds.last)
        notices.append(f"The '{name}' date {value.isoformat()} is outside the data ({bounds.first.isoformat()} to {bounds.last.isoformat()}), so {clamped.isoformat()} was used.")
        return clamped
    return value


def _parse_countries(values: list[str], bounds: Bounds, notices: list[str]) -> tuple[str, ...]:
    codes: list[str] = []
    for value in values:
        codes += [part.strip().upper() for part in value.split(",") if part.strip()]
    if len(codes) > MAX_COUNTRIES:
        notices.append(f"The link listed more than {MAX_COUNTRIES} countries; only the first {MAX_COUNTRIES} were read.")
        codes = codes[:MAX_COUNTRIES]
    known = sorted({code for code in codes if code in bounds.countries})
    unknown = sorted({code for code in codes if code not in bounds.countries})
    if unknown:
        shown = [code for code in unknown if ISO3.fullmatch(code)][:5]
        label = ", ".join(shown) if shown else "values that are not country codes"
        notices.append(f"The link named countries that are not in the data ({label}); they were left out.")
    return tuple(known)


def parse_query_params(params: Mapping[str, str | Sequence[str]], bounds: Bounds) -> tuple[FilterState, list[str]]:
    """Read a filter state from query params. Returns the state and notices for the user."""
    notices: list[str] = []
    migrated = _migrate(params)
    for key, values in list(migrated.items()):
        if any(len(value) > MAX_VALUE_LENGTH for value in values):
            notices.append(f"The link's '{key[:20]}' value is too long to be real, so it was ignored.")
            migrated[key] = []
    default = bounds.default_state()
    start = _parse_date(migrated.get("from", []), "from", bounds, notices)
    end = _parse_date(migrated.get("to", []), "to", bounds, notices)
    if start and end and start > end:
        notices.append("The link's 'from' date is after its 'to' date, so the default dates were used.")
        start = end = None
    countries = _parse_countries(migrated.get("countries", []), bounds, notices)
    state = FilterState(start or default.start, end or default.end, countries)
    if state.start > state.end:  # one date given, the other defaulted past it
        notices.append("The link's dates do not make a period, so the default dates were used.")
        state = replace(state, start=default.start, end=default.end)
    return state, notices


def has_filter_params(params: Mapping[str, object]) -> bool:
    return any(key in params for key in ("from", "to", "countries", *LEGACY_PARAMS))


def to_query_params(state: FilterState) -> dict[str, str]:
    """The canonical query params for a state (round-trips through parse_query_params)."""
    params = {"from": state.start.isoformat(), "to": state.end.isoformat()}
    if state.countries:
        params["countries"] = ",".join(state.countries)
    return params


def query_string(state: FilterState) -> str:
    # Every value is an ISO date or comma-joined capitals: nothing needs escaping.
    return "&".join(f"{key}={value}" for key, value in to_query_params(state).items())
