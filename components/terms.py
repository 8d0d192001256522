"""Which glossary terms a page's texts use, in the forms each language writes them: the
"Terms used on this page" list. Plain functions over the glossary's DataFrame, no Streamlit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd


def term_forms(glossary: pd.DataFrame, language: str = "en") -> dict[str, str]:
    """Each way a text in ``language`` writes a glossary term, and the term it stands for:
    the term itself and its other English forms (``forms``; the data's notes stay English on
    every page), then, in French or Creole, that language's forms (``forms_fr``: MMAS, FRG,
    CPT)."""
    columns = [c for c in ("forms", f"forms_{language}") if c in glossary.columns and c != "forms_en"]
    found = {}
    for term, *cells in zip(glossary["term"].tolist(), *(glossary[c].tolist() for c in columns), strict=True):
        found.setdefault(term, term)
        for cell in cells:
            for form in cell_forms(cell):
                found.setdefault(form, term)
    return found


def cell_forms(cell) -> list[str]:
    """A glossary cell's forms, separated by ``;`` (``MMAS;Mission multinationale ...``)."""
    return [form.strip() for form in str(cell or "").split(";") if form.strip()]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_-"


class _TermFinder:
    """The terms of ``forms`` (form -> term) that occur in a text as whole words. Longest forms
    first, and a shorter form inside a longer one's match does not count, so "Conseil de
    sécurité nationale" is not also read as "Conseil de sécurité". Plain ``str.find``: a pattern
    of a hundred alternatives is many times slower on a page's 40 kB of text. Each text's terms
    are kept (``find``): a page passes every event's title and summary in its view, the same
    texts on every filter change, and looking each one up again cost more than the rest of a
    Timeline rerun's wording."""

    def __init__(self, forms: tuple[tuple[str, str], ...], fold: bool):
        self.forms, self.fold = dict(forms), fold
        self.ordered = sorted(self.forms, key=len, reverse=True)
        # Only a form that holds a shorter one needs all its matches (to keep that one out of them).
        self.holds_shorter = {f: any(o in f for o in self.ordered if len(o) < len(f)) for f in self.ordered}
        self.longer = {f: [o for o in self.ordered if f in o and o != f] for f in self.ordered}
        self.find = functools.lru_cache(maxsize=32_768)(self._find)

    def _find(self, text: str) -> frozenset[str]:
        if self.fold:
            text = text.casefold()
        claimed: dict[str, list[tuple[int, int]]] = {}
        found: set[str] = set()
        for form in self.ordered:
            term, holds_shorter = self.forms[form], self.holds_shorter[form]
            if term in found and not holds_shorter:
                continue
            longer = [span for other in self.longer[form] for span in claimed.get(other, ())]
            spans = claimed.setdefault(form, [])
            start = text.find(form)
            while start != -1 and (holds_shorter or term not in found):
                end = start + len(form)
                whole = (start == 0 or not _is_word_char(text[start - 1])) and (
                    end == len(text) or not _is_word_char(text[end])
                )
                if whole and not any(s < end and start < e for s, e in longer):
                    spans.append((start, end))
                    found.add(term)
                start = text.find(form, start + 1)
        return frozenset(found)


def whole_word_finder(forms) -> Callable[[str], frozenset[str]]:
    """Which of ``forms`` a text writes as whole words, as written (case kept), by the same
    search as the terms a page lists; not kept per text (the validator reads each text once)."""
    return _TermFinder(tuple((form, form) for form in forms), fold=False)._find


@functools.lru_cache(maxsize=12)  # a glossary's forms in three languages, each as written and folded
def _term_finder(forms: tuple[tuple[str, str], ...], fold: bool) -> _TermFinder:
    return _TermFinder(forms, fold)


def terms_in(glossary: pd.DataFrame, texts, language: str = "en") -> pd.DataFrame:
    """The glossary rows whose term appears, as a whole word, in any of ``texts``, in any of
    the forms a text in ``language`` writes it (``term_forms``). An abbreviation (no lower-case
    letter) is found as written, so "UN" is never "un"; a name in any case ("Premier ministre",
    "premier ministre")."""
    if glossary.empty:
        return glossary
    forms = term_forms(glossary, language)
    as_written = _term_finder(tuple((form, term) for form, term in forms.items() if form == form.upper()), False)
    any_case = _term_finder(
        tuple((form.casefold(), term) for form, term in forms.items() if form != form.upper()), True
    )
    present: set[str] = set()
    # Distinct texts only: pages pass every event's title and summary, which repeat a lot.
    for text in dict.fromkeys(map(str, dict.fromkeys(texts))):  # the distinct texts, made strings once each
        present |= as_written.find(text) | any_case.find(text)
    return glossary[glossary["term"].isin(present)]
