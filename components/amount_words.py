"""Amounts in words, in the current language: "about 700", "at least $110m", "970 to about
1,000". The words for ``amounts.Range``; no arithmetic here.
"""

from __future__ import annotations

from components import i18n
from components.amounts import Range
from components.i18n import N_, _

# How each qualifier words a number ("about 700"): English messages, translated when shown.
QUALIFIER_WORDS = {
    "exact": "{number}",
    "about": N_("about {number}"),
    "at_least": N_("at least {number}"),
    "at_most": N_("at most {number}"),
}


def qualified(qualifier: str, number: str) -> str:
    """ "about 700", "environ 700", "anviwon 700"."""
    return _(QUALIFIER_WORDS.get(qualifier, "{number}")).format(number=number)


def range_label(value: Range, formatter=None) -> str:
    """ "about 700", "more than 800" is "at least 800", a range "970 to about 1,000" (in the
    current language; ``formatter`` writes one number, ``i18n.number`` by default)."""
    formatter = formatter or i18n.number
    if not value.disputed:
        return qualified(value.qualifier, formatter(value.low))
    low, high = formatter(value.low), formatter(value.high)
    if value.low_qualifier == value.high_qualifier:
        return qualified(value.low_qualifier, _("{low} to {high}").format(low=low, high=high))
    return _("{low} to {high}").format(
        low=qualified(value.low_qualifier, low), high=qualified(value.high_qualifier, high)
    )


money = i18n.money  # "$85.3m", "$110m", "$1bn" in English; as each language writes it otherwise


def money_label(amount: Range) -> str:
    return range_label(amount, i18n.money)
