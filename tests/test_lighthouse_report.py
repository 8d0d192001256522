"""docs/performance.md's Lighthouse table is generated from the committed results (python -m
benchmarks.lighthouse --report --write): a hand edit or a stale table fails here."""

import pathlib

from benchmarks import lighthouse
from benchmarks.report import without_distance


def test_the_lighthouse_table_comes_from_the_committed_results():
    doc = (pathlib.Path(__file__).resolve().parents[1] / "docs" / "performance.md").read_text(encoding="utf-8")
    assert without_distance(lighthouse.doc_section(doc)) == without_distance(
        lighthouse.render(lighthouse.load_latest()).strip("\n")
    )


def test_the_table_shows_what_a_run_recorded():
    run = {
        "started": "2026-11-28T14:00:00+00:00",
        "label": "",
        "machine": {"lighthouse": "12.8.2", "cores": 2, "chromium": "Chromium 1"},
        "servers": {
            "stack": {
                "Timeline": {
                    "scores": {"performance": 50, "accessibility": 100, "best-practices": 100, "seo": 100},
                    "lcp_ms": 4000.0,
                    "cls": 0.02,
                    "tbt_ms": 900.0,
                    "failing_audits": {},
                }
            }
        },
    }
    text = lighthouse.render(run)
    assert "| Timeline | stack | 50 | 100 | 100 | 100 | 4,000 | 0.020 | 900 |" in text
    assert "CLS < 0.1 everywhere: met" in text and "seo 100 on the stack: met" in text
    assert "code measured: commit not recorded;" in text  # a run from before commits were recorded
