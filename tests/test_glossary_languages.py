"""Issue #21: "Terms used on this page" lists the same terms in English, French and Creole.
The French and Creole texts write the terms their own way (MMAS, FRG, CPT, "Premier
ministre"); each page must still find every term the English page finds, and no other, and
explain it in the page's language. Checked on the fixture data and on the live data."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from components import i18n, site
from components.data import DATA_DIR_ENV, DEFAULT_DATA_DIR
from tests.conftest import FIXTURE_DATA
from tests.test_pages import PAGES, ROOT

# The pages that list the terms they use (the Sources page shows the whole glossary).
TERM_PAGES = [
    page
    for page, spec in zip(PAGES, site.PAGES, strict=True)
    if "ui.terms_used(" in (ROOT / spec.file).read_text(encoding="utf-8")
]
LABELS = {"en": "Terms used on this page", "fr": "Termes employés sur cette page", "ht": "Mo ki sou paj sa a"}
# "- **MMAS (MSS)**: ..." names the English term in brackets; "- **CARICOM**: ..." is the same in both.
ENTRY = re.compile(r"^- \*\*(?P<shown>.+?)\*\*: (?P<text>.*)$")


def terms_listed(page: str, lang: str) -> dict[str, str]:
    """The page's glossary entries: English term -> the entry's text."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    expanders = [e for e in at.expander if e.label.startswith(LABELS[lang])]
    if not expanders:
        return {}
    entries = {}
    for line in "\n".join(md.value for md in expanders[0].markdown).splitlines():
        match = ENTRY.match(line)
        assert match, line
        shown = match["shown"].replace("\\", "")
        english = re.search(r"\(([^()]+)\)$", shown)
        entries[english[1] if english else shown] = match["text"]
    assert expanders[0].label == f"{LABELS[lang]} ({len(entries)})"
    return entries


@pytest.mark.parametrize("data", ["fixture", "live"])
@pytest.mark.parametrize("page", TERM_PAGES)
def test_each_language_lists_the_same_terms(page, data, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(FIXTURE_DATA if data == "fixture" else DEFAULT_DATA_DIR))
    english = terms_listed(page, "en")
    assert english, "the page lists no term"
    for lang in i18n.LANGUAGES:
        if lang == i18n.DEFAULT_LANGUAGE:
            continue
        listed = terms_listed(page, lang)
        assert sorted(listed) == sorted(english), lang
        if {"MSS", "GSF"} & set(listed):  # explained in the page's language, not in English
            assert not {listed[term] for term in {"MSS", "GSF"} & set(listed)} & set(english.values())


def test_french_and_creole_terms_are_shown_as_their_texts_write_them():
    entries = terms_listed("pages/1_Timeline.py", "fr")
    assert entries["MSS"].startswith("Mission multinationale d'appui à la sécurité")
    assert entries["GSF"].startswith("Force de répression des gangs")
    at = AppTest.from_file(str(ROOT / "pages/1_Timeline.py"), default_timeout=60)
    at.query_params["lang"] = "ht"
    at.run()
    text = " ".join(md.value for e in at.expander if e.label.startswith(LABELS["ht"]) for md in e.markdown)
    text = text.replace("\\", "")  # Markdown escapes
    assert "**MMAS (MSS)**: Misyon miltinasyonal sipò sekirite" in text and "**FRG (GSF)**" in text
