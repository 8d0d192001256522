"""The source's own words on every fact row (``quote``, ``quote_number_note``, ``unverified``).

A row's number must be written in its quote in one of the forms newspapers and UN documents use
(``1,000``, ``1 000``, ``1000``, ``1.000``, ``$15m``, ``15 million``, ``15 millions``, ``1.5bn``,
``1,5 milliard``; Spanish ``67 millones``, ``1,2 mil millones``; Creole ``15 milyon``), or the row's
``quote_number_note`` says why not (a sum of rows, a conversion, a number in words). A row with no
quote says in ``unverified`` why none could be given.

Pure functions over the CSV's text cells, so that the validator (``components.data``) can name the
file, the line and the column of each problem. No Streamlit, no pandas needed by callers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

MAX_QUOTE_CHARACTERS = 300
# The columns whose number the quote must contain, per table; funding's ``amount`` is in the
# source's own currency (``amount_usd`` is our conversion, so it is not looked for).
NUMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "contributions": ("personnel",),
    "strength": ("personnel",),
    "funding": ("amount",),
    "trust_fund": ("amount_usd", "amount_usd_high"),
}
QUOTED_TABLES = ("events", "contributions", "strength", "funding", "trust_fund")

# Thousands separators seen in sources: comma, full stop, space, no-break and narrow no-break space.
_SEPARATOR = "[,. \u00a0\u202f]?"
_SCALES = (
    # English, French, Spanish ("mil millones" is a thousand million) and Haitian Creole.
    (1e9, r"(?:bn|b|billion|billions|milliard|milliards|md|mds|mil\s+millones|milya)"),
    (1e6, r"(?:m|mn|mln|million|millions|M|millón|millon|millones|milyon)"),
    (1e3, r"(?:k|thousand|mille)"),
)
_BEFORE = r"(?<![\d])(?<![\d][.,])"
_AFTER = r"(?![\d])(?![.,]\d)"


def _grouped_digits(whole: int) -> str:
    """``15000000`` -> a pattern for 15000000, 15,000,000, 15 000 000, 15.000.000."""
    digits = str(whole)
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return _SEPARATOR.join(groups)


def _mantissa(value: float) -> str | None:
    """``1.5`` -> ``1[.,]50*``; ``15`` -> ``15(?:[.,]0+)?``; None when it needs more than 2 decimals."""
    rounded = round(value, 2)
    if abs(rounded - value) > 1e-9 or rounded < 1:
        return None
    whole, _, fraction = f"{rounded:.2f}".partition(".")
    fraction = fraction.rstrip("0")
    if not fraction:
        return _grouped_digits(int(whole)) + r"(?:[.,]0+)?"
    return _grouped_digits(int(whole)) + "[.,]" + fraction + "0*"


def number_patterns(number: float) -> list[str]:
    """Regular expressions for the usual written forms of ``number``."""
    patterns = []
    if float(number).is_integer():
        patterns.append(_BEFORE + _grouped_digits(int(number)) + _AFTER)
    for scale, words in _SCALES:
        mantissa = _mantissa(number / scale)
        if mantissa is not None and number / scale < 1000:
            patterns.append(_BEFORE + mantissa + r"\s*-?\s*" + words + r"(?![a-z])")
    return patterns


def number_in_quote(number: float, quote: str) -> bool:
    """Whether ``quote`` writes ``number`` in a usual form."""
    return any(re.search(pattern, quote, flags=re.IGNORECASE) for pattern in number_patterns(number))


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def row_problems(table: str, row: Mapping[str, str]) -> Iterator[tuple[str, str | None, str]]:
    """Each broken quote rule of one row, as (column, value, rule)."""
    quote = (row.get("quote") or "").strip()
    unverified = (row.get("unverified") or "").strip()
    number_note = (row.get("quote_number_note") or "").strip()
    if number_note and table not in NUMBER_COLUMNS:
        # Events carry no number, so nothing here reads this column: a date's reasoning put in it
        # would never reach a reader. Its place is the row's note.
        rule = "must be empty: this table has no number column; write it in 'note'"
        yield "quote_number_note", number_note[:40], rule
    if not quote and not unverified:
        yield "quote", None, "is empty: give the source's own words, or say in 'unverified' why none can be given"
        return
    if quote and unverified:
        yield "unverified", unverified, "must be empty when the row has a quote"
    if len(quote) > MAX_QUOTE_CHARACTERS:
        yield "quote", quote[:40] + "...", f"is {len(quote)} characters long; at most {MAX_QUOTE_CHARACTERS}"
    if not quote or (row.get("quote_number_note") or "").strip():
        return
    for column in NUMBER_COLUMNS.get(table, ()):
        number = _as_number((row.get(column) or "").strip())
        if number is not None and not number_in_quote(number, quote):
            yield (
                column,
                row.get(column),
                "is not written in the row's quote (as 1,000 / 1 000 / 1000 / $15m / 15 millions): "
                "fix the number or the quote, or say why in 'quote_number_note'",
            )
