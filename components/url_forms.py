"""The form each parameter of the link grammar (components/url_state.py) takes, and which
parameters of a link are not in their form. A page reads a malformed link with a notice
(``url_state.parse_query_params``); the data API refuses it with 400, naming the parameter and
its form (components/api_server.py). No Streamlit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from components.i18n import LANGUAGES
from components.url_state import (
    COUNTRIES,
    FROM,
    ISO3,
    LANG,
    LATEST,
    MAX_COUNTRIES,
    MAX_VALUE_LENGTH,
    PARAMS,
    SCALE,
    SCALES,
    TAB,
    TABS,
    TO,
    VALUE_MODES,
    VALUES,
    VERSION,
    migrate,
    single_date,
)

# The form each parameter takes, in words (English, for machines and their readers: the API's
# answers to a malformed link name it, where a page falls back to the default with a notice).
FORMS = {
    FROM: "a date written YYYY-MM-DD, no later than 'to'",
    TO: "a date written YYYY-MM-DD, or latest",
    COUNTRIES: f"ISO 3166 alpha-3 codes (three letters), comma-separated, at most {MAX_COUNTRIES}",
    TAB: " or ".join(TABS),
    VERSION: "a date written YYYY-MM-DD",
    LANG: ", ".join(LANGUAGES),
    SCALE: " or ".join(SCALES),
    VALUES: " or ".join(VALUE_MODES),
}


def malformed(params: Mapping[str, str | Sequence[str]]) -> list[str]:
    """The grammar's parameters of ``params`` (after the migrations) whose value is not in its
    form (``FORMS``): repeated, too long, not a date, not a code... A page reads such a link with
    a notice (``parse_query_params``); the API refuses it, naming the parameter. Well-formed
    values outside the data (a date before the first fact, a country code the data does not
    name) are not malformed: both read them the same way."""
    migrated = migrate(params)
    bad = [key for key in PARAMS if any(len(value) > MAX_VALUE_LENGTH for value in migrated.get(key, []))]
    for key in (FROM, VERSION):
        if migrated.get(key) and key not in bad and single_date(migrated[key])[1]:
            bad.append(key)
    to_values = [value.strip().lower() for value in migrated.get(TO, [])]
    if to_values and to_values != [LATEST] and TO not in bad and single_date(migrated[TO])[1]:
        bad.append(TO)
    codes = [part.strip().upper() for value in migrated.get(COUNTRIES, []) for part in value.split(",")]
    codes = [code for code in codes if code]
    if COUNTRIES not in bad and (len(codes) > MAX_COUNTRIES or not all(ISO3.fullmatch(code) for code in codes)):
        bad.append(COUNTRIES)
    for key, allowed in ((TAB, TABS), (LANG, LANGUAGES), (SCALE, SCALES), (VALUES, VALUE_MODES)):
        values = migrated.get(key, [])
        if values and key not in bad and (len(values) > 1 or values[0].strip().lower() not in allowed):
            bad.append(key)
    both = FROM not in bad and TO not in bad and migrated.get(FROM) and to_values and to_values != [LATEST]
    if both and dt.date.fromisoformat(migrated[FROM][0].strip()) > dt.date.fromisoformat(migrated[TO][0].strip()):
        bad.append(FROM)
    return sorted(set(bad), key=PARAMS.index)
