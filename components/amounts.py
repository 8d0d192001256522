"""A quantity as the sources give it: ``Range(low, high)``, each end with its source's
qualifier ("about", "at least", "at most"). Disputed figures are ranges; adding and
subtracting ranges keeps both ends and combines the qualifiers. Numbers only: the words are
components/amount_words.py.
"""

from __future__ import annotations

from dataclasses import dataclass


def _add_qualifiers(a: str, b: str) -> str:
    if a == b:
        return a
    if "about" in (a, b) or {a, b} == {"at_least", "at_most"}:
        return "about"
    return a if b == "exact" else b  # exact + at_least = at_least


def _negate(qualifier: str) -> str:
    return {"at_least": "at_most", "at_most": "at_least"}.get(qualifier, qualifier)


@dataclass(frozen=True)
class Range:
    """A quantity: ``low`` to ``high`` (equal unless sources disagree or the source gives a
    range), each end with the qualifier its source used."""

    low: int
    high: int
    low_qualifier: str = "exact"
    high_qualifier: str = "exact"

    @classmethod
    def of(cls, value: float, qualifier: str = "exact") -> Range:
        return cls(round(value), round(value), qualifier or "exact", qualifier or "exact")

    @property
    def disputed(self) -> bool:
        return self.low != self.high

    @property
    def qualifier(self) -> str:
        """One qualifier for the whole range (``exact`` only if both ends are exact)."""
        return _add_qualifiers(self.low_qualifier, self.high_qualifier)

    def __add__(self, other: Range) -> Range:
        return Range(
            self.low + other.low,
            self.high + other.high,
            _add_qualifiers(self.low_qualifier, other.low_qualifier),
            _add_qualifiers(self.high_qualifier, other.high_qualifier),
        )

    def __sub__(self, other: Range) -> Range:
        # The low end loses the most that may have left, the high end the least.
        return Range(
            max(self.low - other.high, 0),
            max(self.high - other.low, 0),
            _add_qualifiers(self.low_qualifier, _negate(other.high_qualifier)),
            _add_qualifiers(self.high_qualifier, _negate(other.low_qualifier)),
        )


ZERO = Range(0, 0)
