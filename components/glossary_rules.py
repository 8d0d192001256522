"""The glossary's word on how French and Creole texts name a term: a translated title,
summary or topic must not use a form the glossary's ``avoid_fr`` / ``avoid_ht`` lists (an
English acronym, or an earlier rendering the second readers replaced). The texts are checked
where a reader sees them: events' and disputes' translated columns. Whole words, case kept,
found as ``terms`` finds a page's terms. No Streamlit here."""

from __future__ import annotations

import pandas as pd

from components.problems import Problem
from components.terms import cell_forms, whole_word_finder

# The translated columns a reader sees, per table (notes and quotes keep their own language).
TRANSLATED_TEXTS = {
    "events": ("title", "summary"),
    "disputes": ("topic", "summary"),
}


def avoided_forms(glossary: pd.DataFrame, language: str) -> dict[str, tuple[str, str]]:
    """Each form a ``language`` text must not write -> (the term, the forms to write instead)."""
    if f"avoid_{language}" not in glossary.columns:
        return {}
    avoided = {}
    for row in glossary.to_dict("records"):
        preferred = " or ".join(f"'{f}'" for f in cell_forms(row.get(f"forms_{language}") or row["term"]))
        for form in cell_forms(row[f"avoid_{language}"]):
            avoided[form] = (row["term"], preferred)
    return avoided


def _texts(frames: dict[str, pd.DataFrame], language: str):
    """(file, line, column, text) of every translated text a reader sees in ``language``."""
    for name, bases in TRANSLATED_TEXTS.items():
        frame = frames.get(name)
        for column in (f"{base}_{language}" for base in bases):
            if frame is not None and column in frame.columns:
                for line, text in frame[column].items():
                    yield f"{name}.csv", int(line), column, text or ""


def avoided_form_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    if "glossary" not in frames:
        return []
    problems = []
    for language in ("fr", "ht"):
        avoided = avoided_forms(frames["glossary"], language)
        find = whole_word_finder(avoided)
        for file, line, column, text in _texts(frames, language) if avoided else ():
            for form in sorted(find(text)):
                term, preferred = avoided[form]
                start = text.find(form)
                where = text[max(0, start - 30) : start + len(form) + 30]
                rule = f"writes '{form}' for {term}: the glossary (avoid_{language}) asks for {preferred}"
                problems.append(Problem(file, line, column, where, rule))
    return problems
