"""Issue #21: the French and Creole words for a confidence grade or a qualifier say what the
English says, no more: "low confidence" is "confiance faible", never "peu fiable" (unreliable),
wherever a message names it."""

import re

import pytest

from tests.test_i18n import catalogue

# The English words, and what each language must write for them.
GRADES = {
    "low confidence": {"fr": "confiance faible", "ht": "konfyans fèb"},
    "medium confidence": {"fr": "confiance moyenne", "ht": "konfyans mwayen"},
    "high confidence": {"fr": "confiance élevée", "ht": "konfyans wo"},
}
# A message that names the low grade on its own ("a low-confidence report"). ("high- or
# medium-confidence" is worded "confiance élevée ou moyenne", so only the low one is looked for.)
NAMED = re.compile(r"\b(low)[- ]confidence\b", re.IGNORECASE)
QUALIFIERS = {
    "about": ("environ", "anviwon"),
    "at least": ("au moins", "omwen"),
    "at most": ("au plus", "pa plis pase"),
}
# Words stronger than any grade: the data grades its sources, it never calls one unreliable.
STRONGER = {"fr": re.compile(r"(?i)peu fiable|non fiable|douteu"), "ht": re.compile(r"(?i)pa twò serye|pa serye")}


@pytest.mark.parametrize("lang", ["fr", "ht"])
def test_confidence_grades_are_worded_as_in_english(lang):
    for message in catalogue(lang):
        if not message.id or not isinstance(message.id, str):
            continue
        for grade in NAMED.findall(message.id):
            words = GRADES[f"{grade.lower()} confidence"][lang]
            assert words in message.string.replace("\u00a0", " "), (message.id, message.string)
        assert not STRONGER[lang].search(message.string), (message.id, message.string)


@pytest.mark.parametrize("lang", ["fr", "ht"])
def test_qualifiers_are_worded_as_in_english(lang):
    strings = {message.id: message.string for message in catalogue(lang) if isinstance(message.id, str)}
    for english, words in QUALIFIERS.items():
        assert strings[english] == words[lang == "ht"]
        assert strings[english + " {number}"] == words[lang == "ht"] + " {number}"
