"""The glossary's word on how French and Creole texts name a term: a translated title,
summary or topic must not use a form the glossary's ``avoid_fr`` / ``avoid_ht`` lists (an
English acronym, or an earlier rendering the second readers replaced). The texts are checked
where a reader sees them: events' and disputes' translated columns. No Streamlit here."""

from __future__ import annotations

import re

import pandas as pd

from components.problems import Problem

# The translated columns a reader sees, per table (notes and quotes keep their own language).
TRANSLATED_TEXTS = {
    "events": ("title", "summary"),
    "disputes": ("topic", "summary"),
}


def avoided_forms(glossary: pd.DataFrame, language: str) -> dict[str, tuple[str, str]]:
    """Each form a ``language`` text must not write -> (the term, the forms to write instead)."""
    column = f"avoid_{language}"
    if column not in glossary.columns:
        return {}
    avoided = {}
    for row in glossary.to_dict("records"):
        preferred = " or ".join(f"'{f}'" for f in (row.get(f"forms_{language}") or row["term"]).split(";"))
        for form in filter(None, (f.strip() for f in (row[column] or "").split(";"))):
            avoided[form] = (row["term"], preferred)
    return avoided


def _pattern(forms) -> re.Pattern:
    # Whole words only, and case-sensitive: "CPT" is a Creole slip, "Scoop FM" is a name.
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")


def avoided_form_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    if "glossary" not in frames:
        return []
    problems = []
    for language in ("fr", "ht"):
        avoided = avoided_forms(frames["glossary"], language)
        if not avoided:
            continue
        pattern = _pattern(avoided)
        for name, bases in TRANSLATED_TEXTS.items():
            frame = frames.get(name)
            for column in (f"{base}_{language}" for base in bases):
                if frame is None or column not in frame.columns:
                    continue
                for line, value in frame[column].items():
                    match = pattern.search(value or "")
                    if match:
                        term, preferred = avoided[match[1]]
                        rule = f"writes '{match[1]}' for {term}: the glossary (avoid_{language}) asks for {preferred}"
                        where = value[max(0, match.start() - 30) : match.end() + 30]
                        problems.append(Problem(f"{name}.csv", int(line), column, where, rule))
    return problems
