"""Issue #21, words that agree: the French and Creole words for a confidence grade or a
qualifier say what the English says, no more ("low confidence" is "confiance faible", never
"peu fiable", unreliable); a pinned link's data version is explained where it is shown."""

import datetime as dt
import json
import re

import pytest

from components import i18n
from components.i18n import _
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


# --- A pinned link's data version, explained where it is shown ------------------------------
def test_a_data_version_is_explained_where_it_is_shown():
    from tests.test_pages import AS_OF, DATA_VERSION, run
    from tests.test_reach import OLD_LINK

    as_of = dt.date.fromisoformat(AS_OF)
    for lang in ("en", "fr", "ht"):
        with i18n.language(lang):
            note = _(
                "A data version is the day the dataset was last changed ({version}), not the date of a fact: "
                "the newest fact it records is of {as_of}."
            ).format(version=DATA_VERSION, as_of=i18n.date(as_of))
        at = run("pages/1_Timeline.py", {**OLD_LINK, "lang": lang})
        (notice,) = [info.value.replace("\\", "") for info in at.info]
        assert notice.endswith(note)
        (box,) = [
            json.loads(element.proto.json)
            for element in at.get("bidi_component")
            if element.proto.component_name == "hmt_share_link"
        ]
        assert any(note in snippet["note"] for snippet in box["snippets"])  # beside the citation's version
    at = run("pages/4_Funding.py", {**OLD_LINK, "v": DATA_VERSION})
    assert any("not the date of a fact" in caption.value.replace("\\", "") for caption in at.caption)
