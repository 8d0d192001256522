"""The disputes in the page's language: ``topic_fr`` ... of disputes.csv, shown on the Sources
and method page and in the Pledges page's notices, with the English text marked "(in English)"
where a translation is missing (as for events). On the fixture data, whose Creole leaves
ken-returnees-dec-2025 untranslated."""

from components import i18n, metrics
from tests.test_pages import SHARED, run

SOURCES, PLEDGES = "pages/5_Sources_and_method.py", "pages/3_Pledges_and_deployments.py"


def test_dispute_texts_in_the_language_or_marked_english(ds):
    english = ds.disputes.set_index("dispute_id")
    with i18n.language("ht"):
        disputes = metrics.localized_disputes(ds.disputes).set_index("dispute_id")
        returnees = english.loc["ken-returnees-dec-2025"]
        assert disputes.loc["ken-returnees-dec-2025", "topic"] == f"{returnees['topic']} (an anglè)"
        assert disputes.loc["ken-returnees-dec-2025", "summary"] == f"{returnees['summary']} (an anglè)"
        assert disputes.loc["ben-pledge-size", "summary"] == english.loc["ben-pledge-size", "summary_ht"]
    with i18n.language("fr"):
        disputes = metrics.localized_disputes(ds.disputes)
        assert disputes["topic"].tolist() == ds.disputes["topic_fr"].tolist()
        assert not disputes["summary"].str.contains("en anglais").any()
    # English, and the data itself (the API and the CSV), keep every column as recorded.
    assert metrics.localized_disputes(ds.disputes).equals(ds.disputes)


def disputes_table(at):
    return next(frame.value for frame in at.dataframe if "topic" in frame.value.columns).set_index("dispute_id")


def test_sources_page_lists_the_disputes_in_french():
    table = disputes_table(run(SOURCES, {"lang": "fr"}))
    assert table.loc["ben-pledge-size", "topic"] == "Ampleur de la promesse du Bénin"
    assert table.loc["mss-strength-sept-2025", "summary"] == "970 selon EFE\u00a0; environ 1\u00a0000 selon DW."
    assert list(table.columns)[:3] == ["topic", "summary", "sources"]  # not the other languages' columns


def test_sources_page_links_every_source_of_every_version_of_a_dispute(ds):
    # Issue #19: the Sources page listed the disputes without their sources. Each dispute's row
    # now names the publishers and links every source of every row that carries the dispute.
    table = disputes_table(run(SOURCES, {}))
    lookup = metrics.source_lookup(ds)
    for dispute_id in ("ken-first-flight", "ben-pledge-size"):
        wanted = metrics.dispute_source_ids(ds)[dispute_id]
        assert len(wanted) >= 2
        links = [url for column, url in table.loc[dispute_id].items() if column.startswith("link") and url]
        assert links == [lookup[s]["url"] for s in wanted]
        assert all(lookup[s]["publisher"] in table.loc[dispute_id, "sources"] for s in wanted)


def test_sources_page_in_creole_marks_an_untranslated_dispute_english():
    table = disputes_table(run(SOURCES, {"lang": "ht"}))
    returnees = "Kenyan officers who returned home in December 2025"
    assert table.loc["ken-returnees-dec-2025", "topic"] == f"{returnees} (an anglè)"
    assert table.loc["ben-pledge-size", "topic"] == "Gwosè pwomès Benen an"


def test_pledges_page_dispute_notice_in_french():
    at = run(PLEDGES, {**SHARED, "lang": "fr"})
    notices = " ".join(w.value for w in at.warning).replace("\\", "")  # Markdown escapes
    assert "**Taille du premier contingent kényan (25 juin 2024)** : " in notices  # the French colon
    assert "Size of the first Kenyan contingent" not in notices
