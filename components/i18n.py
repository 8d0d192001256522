"""The interface's languages: English (the source), French and Haitian Creole.

    from components.i18n import _, N_, ngettext
    st.caption(_("Share this view"))
    ngettext("{n} fact added since this link was shared", "{n} facts added since this link was shared", n).format(n=n)

Messages are plain English source strings marked with ``_()`` so that the gettext tools can
extract them (``pybabel extract``, see ``babel.cfg`` and the README); placeholders use
``str.format`` names (``{n}``), never f-strings inside ``_()``. A message defined at import time
(a module-level label) is marked with ``N_()``, which returns it untouched, and translated where
it is shown, with ``_(LABEL)``.

The catalogues are ``locales/<lang>/LC_MESSAGES/messages.po``. They are compiled by Babel when
a process first needs a language (in memory, once per process): no ``.mo`` file is committed,
so a catalogue can never be stale, and Community Cloud needs no build step.

The current language is per script run: a ``ContextVar`` that ``ui.open_page`` sets from the
URL at the start of every page run (Streamlit runs each session's script in its own thread, so
sessions never see each other's language). Code outside a page run (tests, the validator) sees
English unless it calls ``set_language`` or uses ``language(...)``.

Dates and numbers are written as each language writes them, with Babel (CLDR): "2 octobre
2025", "1 000", "115,3 M $US". CLDR's "ht" locale has no data of its own (it falls back to
French), so Creole numbers are written the French way and its month names come from
``HT_MONTHS`` below. English keeps the dashboard's own forms ("2 October 2025", "1,000",
"$115.3m").
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gettext
import io
import pathlib

LANGUAGES = {"en": "English", "fr": "Français", "ht": "Kreyòl ayisyen"}  # id -> its own name
DEFAULT_LANGUAGE = "en"
DOMAIN = "messages"
LOCALE_DIR = pathlib.Path(__file__).resolve().parents[1] / "locales"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("hmt_language", default=DEFAULT_LANGUAGE)


def set_language(lang: str) -> str:
    """Make ``lang`` the language of this script run (an unknown id means English)."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    _current.set(lang)
    return lang


def get_language() -> str:
    return _current.get()


@contextlib.contextmanager
def language(lang: str):
    """``with language("fr"):`` for code and tests outside a page run."""
    token = _current.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


@functools.lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.NullTranslations:
    """The language's catalogue, compiled from its .po file by Babel (once per process)."""
    po_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT_LANGUAGE or not po_path.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it (translate it where it is shown)."""
    return message


# --- Dates ------------------------------------------------------------------------------------

HT_MONTHS = ("janvye", "fevriye", "mas", "avril", "me", "jen", "jiyè", "out", "septanm", "oktòb", "novanm", "desanm")


def date(value, precision: str = "day") -> str:
    """A date as the language writes it. ``precision``: ``day`` ("2 October 2025", "2 octobre
    2025", "2 oktòb 2025"), ``month`` ("October 2025") or ``short`` ("2 Oct 2025", "2 oct.
    2025"; Creole has no usual abbreviations, so it writes the month in full)."""
    lang = _current.get()
    if lang == "en":
        return format(value, {"month": "%B %Y", "short": "%-d %b %Y"}.get(precision, "%-d %B %Y"))
    if lang == "ht":
        month = HT_MONTHS[value.month - 1]
        return f"{month} {value.year}" if precision == "month" else f"{value.day} {month} {value.year}"
    from babel.dates import format_date

    day = value.date() if isinstance(value, dt.datetime) else value
    if precision == "month":
        return format_date(day, "MMMM y", locale=lang)
    text = format_date(day, "d MMM y" if precision == "short" else "d MMMM y", locale=lang)
    return "1er" + text[1:] if lang == "fr" and day.day == 1 else text  # "1er octobre 2025"


# --- Numbers and money ------------------------------------------------------------------------


def number(value: float, decimals: int = 0) -> str:
    """ "1,000" in English, "1 000" in French and Creole (CLDR's narrow no-break space)."""
    lang = _current.get()
    if lang == "en":
        return f"{value:,.{decimals}f}"
    from babel.numbers import format_decimal

    return format_decimal(
        round(value, decimals), format="#,##0" + ("." + "0" * decimals if decimals else ""), locale=lang
    )


def percent(share: float) -> str:
    """``share`` in 0..100: "45%" in English, "45 %" in French (CLDR), "45%" in Creole."""
    lang = _current.get()
    if lang == "fr":
        return f"{share:.0f}\u00a0%"
    return f"{share:.0f}%"


def money(value: float) -> str:
    """US dollars, short: "$85.3m", "$1bn" in English; "85,3 M $US", "1 Md $US" as CLDR's
    French writes them (Creole too)."""
    lang = _current.get()
    if lang == "en":
        if value >= 1e9:
            return "$" + f"{value / 1e9:,.2f}".rstrip("0").rstrip(".") + "bn"
        if value >= 1e6:
            return "$" + f"{value / 1e6:,.1f}".removesuffix(".0") + "m"
        return f"${value:,.0f}"
    from babel.numbers import format_compact_currency, format_currency

    if value >= 1e6:
        return format_compact_currency(value, "USD", locale=lang, fraction_digits=2 if value >= 1e9 else 1)
    return format_currency(value, "USD", format="#,##0\u00a0¤", currency_digits=False, locale=lang)


# --- Country names ------------------------------------------------------------------------------

# Donors in data/countries.csv that are not countries, by the code the data gives them (the World
# Bank's for the European Union; ISO 3166-1 has none), with the CLDR territory that names them.
NON_COUNTRY_TERRITORIES = {"EUU": "EU"}

# Creole names of the countries in data/countries.csv (CLDR has none); the others keep the name
# the data gives. French names come from CLDR.
HT_COUNTRIES = {
    "HTI": "Ayiti",
    "KEN": "Kenya",
    "USA": "Etazini",
    "CAN": "Kanada",
    "FRA": "Lafrans",
    "DEU": "Almay",
    "ESP": "Espay",
    "ITA": "Itali",
    "TUR": "Latiki",
    "DZA": "Aljeri",
    "JAM": "Jamayik",
    "BHS": "Bahamas",
    "BLZ": "Beliz",
    "BRB": "Babad",
    "ATG": "Antigua-ak-Barbuda",
    "GUY": "Giyana",
    "GTM": "Gwatemala",
    "SLV": "Salvadò",
    "PAN": "Panama",
    "DOM": "Repiblik Dominikèn",
    "MEX": "Meksik",
    "ECU": "Ekwatè",
    "BRA": "Brezil",
    "ARG": "Ajantin",
    "CHL": "Chili",
    "BEN": "Benen",
    "TCD": "Tchad",
    "SEN": "Senegal",
    "SLE": "Syera Leòn",
    "BFA": "Boukina Faso",
    "GMB": "Ganbi",
    "GIN": "Gine",
    "BDI": "Burundi",
    "RWA": "Rwanda",
    "BGD": "Bangladèch",
    "LKA": "Sri Lanka",
    "PAK": "Pakistan",
    "IND": "Lend",
    "CHN": "Lachin",
    "RUS": "Larisi",
    "GBR": "Wayòm Ini",
    "NOR": "Nòvèj",
    "JPN": "Japon",
    "KOR": "Kore di Sid",
    "TWN": "Taywan",
    "NLD": "Peyiba",
    "BEL": "Bèljik",
    "CHE": "Swis",
    "SWE": "Syèd",
    "IRL": "Iland",
    "AUS": "Ostrali",
    "NZL": "Nouvèl Zeland",
    "COL": "Kolonbi",
    "PER": "Pewou",
    "URY": "Irigwe",
    "TTO": "Trinidad-ak-Tobago",
    "CUB": "Kiba",
    "VEN": "Venezwela",
    "KNA": "Sen Kits ak Nevis",
    "LCA": "Sent Lisi",
    "VCT": "Sen Vensan ak Grenadin",
    "GRD": "Grenad",
    "DMA": "Dominik",
    "SUR": "Sirinam",
    "NGA": "Nijerya",
    "ZAF": "Lafrik di Sid",
    "QAT": "Katar",
    "SYC": "Sechèl",
    "SOM": "Somali",
    "ARE": "Emira Arab Ini",
    "MOZ": "Mozanbik",
    "GHA": "Gana",
    "GAB": "Gabon",
    "DNK": "Danmak",
    "SVN": "Sloveni",
    "EUU": "Inyon Ewopeyen",
    "AGO": "Angola",
    "CRI": "Kosta Rika",
    "HND": "Ondiras",
    "PRY": "Paragwe",
    "LVA": "Letoni",
    "UGA": "Ouganda",
    "VAT": "Sen-Syèj",
}
# Where CLDR's French name is not the party the data means: its VAT is the Vatican City
# State, but the observer at the UN and the OAS is the Holy See.
FR_COUNTRIES = {"VAT": "Saint-Siège"}


@functools.lru_cache(maxsize=512)
def _french_country(iso3: str) -> str | None:
    # Both are pinned dependencies: a failure here is a bug to see, not to hide. A code that
    # pycountry does not know (a test's made-up country) has no French name: None.
    import pycountry
    from babel import Locale

    if iso3 in FR_COUNTRIES:
        return FR_COUNTRIES[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    territory = NON_COUNTRY_TERRITORIES.get(iso3) or (country.alpha_2 if country else None)
    return Locale.parse("fr").territories.get(territory) if territory else None


def country(iso3: str, english: str) -> str:
    """A country's name in the current language (``english`` is the data's name)."""
    lang = _current.get()
    if lang == "fr":
        return _french_country(iso3) or english
    if lang == "ht":
        return HT_COUNTRIES.get(iso3) or english
    return english


def country_names(names) -> dict[str, str]:
    """iso3 -> name in the current language, from a mapping or Series iso3 -> English name."""
    return {iso3: country(iso3, name) for iso3, name in dict(names).items()}
