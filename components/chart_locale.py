"""The charts' own words in the reader's language: plotly.js's month and day names (date axis
labels such as "juil. 2024") and its toolbar's tooltips ("Zoom", "Autoscale"...), as a plotly
locale (``config.locale`` and ``config.locales``, which plotly.js reads with the plot: nothing
to register in the browser). plotly.js ships French but not Haitian Creole, and the vendored
"basic" build ships neither, so both are made here: the tooltips from our catalogues
(locales/*/messages.po), the French month names from Babel (CLDR) and the Creole ones from
``i18n.HT_MONTHS``. No Streamlit here.
"""

from __future__ import annotations

import functools

from components import i18n
from components.i18n import N_, _

# plotly.js's English messages that a reader of our charts can see (the toolbar's tooltips and
# its notices), each marked for our catalogues; plotly.js looks each up by its English text.
PLOTLY_MESSAGES = (
    N_("Zoom"),
    N_("Pan"),
    N_("Zoom in"),
    N_("Zoom out"),
    N_("Autoscale"),
    N_("Reset axes"),
    N_("Download plot as a PNG"),
    N_("Download plot"),
    N_("Box Select"),
    N_("Lasso Select"),
    N_("Toggle Spike Lines"),
    N_("Show closest data on hover"),
    N_("Compare data on hover"),
    N_("Toggle show closest data on hover"),
    N_("Double-click to zoom back out"),
    N_("Image download succeeded"),
    N_("Preparing image - this may take a few seconds"),
    N_("Sorry, there was a problem downloading your image!"),
)
# The PNG button that components/frontend/plotly_chart.js puts in place of plotly's own.
PNG_BUTTON = N_("Download this chart as a PNG, with its title, filters and sources")

# How each language writes dates on an axis (d3-time-format), as plotly.js's own French locale does.
DATE_FORMATS = {
    "fr": dict(date="%d/%m/%Y", year="%Y", month="%b %Y", dayMonth="%-d %b", dayMonthYear="%-d %b %Y"),
    "ht": dict(date="%d/%m/%Y", year="%Y", month="%b %Y", dayMonth="%-d %b", dayMonthYear="%-d %b %Y"),
}


def _names(lang: str) -> dict[str, list[str]]:
    """Month and day names, full and short, Monday last as d3 wants them (Sunday first)."""
    if lang == "ht":
        months = list(i18n.HT_MONTHS)
        days = ["dimanch", "lendi", "madi", "mèkredi", "jedi", "vandredi", "samdi"]
        # Creole has no usual abbreviations (components/i18n.py): the short names are the full ones.
        return dict(months=months, shortMonths=months, days=days, shortDays=days)
    from babel.dates import get_day_names, get_month_names

    def ordered(names: dict) -> list[str]:
        return [names[key] for key in sorted(names)]

    sunday_first = lambda names: [names[6], *[names[i] for i in range(6)]]  # noqa: E731 (Babel: Monday is 0)
    return dict(
        months=ordered(get_month_names("wide", locale=lang)),
        shortMonths=ordered(get_month_names("abbreviated", locale=lang)),
        days=sunday_first(get_day_names("wide", locale=lang)),
        shortDays=sunday_first(get_day_names("abbreviated", locale=lang)),
    )


@functools.cache
def _locale(lang: str) -> dict:
    with i18n.language(lang):
        dictionary = {message: _(message) for message in PLOTLY_MESSAGES}
    return dict(dictionary=dictionary, format=dict(_names(lang), **DATE_FORMATS[lang]))


def plotly_config(config: dict) -> dict:
    """``config`` with plotly.js's locale for the current language (English: unchanged)."""
    lang = i18n.get_language()
    if lang not in DATE_FORMATS:
        return config
    return {**config, "locale": lang, "locales": {lang: _locale(lang)}}
