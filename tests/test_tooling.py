"""The project's own rules for its tools: deprecations from our code fail the tests, ruff is
configured and run by the test command, and the scripts the docs name exist."""

from __future__ import annotations

import pathlib
import tomllib
import warnings

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "module",
    [
        "components.charts",
        "pages",
        "app",
        "benchmarks.report",
        "scripts.fill_added",
        "deploy.build_previews",
        "tests.test_x",
        "__main__",
    ],
)
@pytest.mark.parametrize("category", [DeprecationWarning, PendingDeprecationWarning, FutureWarning])
def test_a_deprecation_attributed_to_our_code_fails(module, category):
    # warn_explicit attributes the warning to `module`, as a library's warn(stacklevel=2) does
    # to its caller; pytest.ini's filters (active in this test) must turn it into an error.
    with pytest.raises(category):
        warnings.warn_explicit("old API", category, "x.py", 1, module=module, registry={})


@pytest.mark.parametrize(
    "module", ["pandas.core.frame", "plotly.graph_objs", "streamlit.runtime", "componentsx", "apps"]
)
def test_a_deprecation_inside_a_library_is_shown_not_failed(module):
    with warnings.catch_warnings(record=True) as caught:
        warnings.warn_explicit("old API", DeprecationWarning, "x.py", 1, module=module, registry={})
    assert [str(w.message) for w in caught] == ["old API"]


def test_ruff_is_configured_and_run_before_the_tests():
    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    assert ruff["line-length"] == 120
    assert {"E", "F", "W", "I", "B", "UP"} <= set(ruff["lint"]["select"])
    test_sh = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert test_sh.index("ruff check") < test_sh.index("ruff format --check") < test_sh.index("-m pytest")


def test_the_scripts_the_docs_name_exist():
    for script in (
        "lock.sh",
        "upgrade_check.sh",
        "setup.sh",
        "fill_added.py",
        "screenshots.py",
        "known_sources.py",
        "sweep_yield.py",
    ):
        assert (ROOT / "scripts" / script).exists(), script


def test_a_sweep_learns_which_result_addresses_the_data_already_cites():
    from scripts.known_sources import address_owners, verdicts

    owners = address_owners(ROOT / "tests" / "fixtures" / "data" / "sources.csv")
    cited = (
        "https://president.go.ke/kenya-and-haiti-sign-agreement-on-the-deployment-of-1000-police-officers?utm_source=x"
    )
    unseen = "https://example.org/a-page-no-sweep-has-entered"
    assert verdicts([cited, unseen], owners) == [(cited, "src002"), (unseen, "new")]


def test_every_committed_sweep_log_reads_as_searches_with_counts():
    from scripts.sweep_yield import read_log

    logs = sorted((ROOT / "docs" / "sweeps").glob("*.tsv"))
    assert logs, "docs/sweeps/ holds the sweeps' search logs"
    for log in logs:
        assert read_log(log).searches > 0, log.name


def test_the_sweep_record_gives_the_figures_its_logs_give(tmp_path):
    # data/README.md's entries copy figures from docs/sweeps/: a copy that drifts from its log fails.
    from scripts.sweep_yield import record_mismatches

    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert record_mismatches(readme, ROOT / "docs" / "sweeps") == []
    (tmp_path / "rec1.tsv").write_text("time\tq\tr\tn\tf\n12:00\tHaiti\t8\t5\tT01\n", encoding="utf-8")
    entry = (
        "- **Part 1.** A timed block of 2 searches, counted in `docs/sweeps/rec1.tsv`:"
        " 8 results about the mission, 6 of them new."
    )
    assert record_mismatches(entry, tmp_path) == [
        "rec1: the entry says 2 searches, the log 1",
        "rec1: the entry says 6 new addresses, the log 5",
    ]


def test_a_sweep_log_totals_its_searches_and_names_facts_merged_away(tmp_path):
    from scripts.sweep_yield import LogError, read_log, report

    log = tmp_path / "sweep.tsv"
    log.write_text(
        "time\tquery\tresults\tnew\tfacts\n"
        "12:00\tKenya Haiti police\t8\t5\tT01 (the first flight); T9999\n"
        "12:01\tpolisi wa Kenya Haiti\t3\t0\t-\n",
        encoding="utf-8",
    )
    tally = read_log(log)
    assert (tally.searches, tally.results, tally.new_addresses, tally.facts) == (2, 11, 5, ["T01", "T9999"])
    assert report([log], ROOT / "tests" / "fixtures" / "data")[-1].endswith(": T9999")
    log.write_text("time\tquery\tresults\tnew\tfacts\n12:00\tquery without counts\n", encoding="utf-8")
    with pytest.raises(LogError, match=r"sweep\.tsv:2"):
        read_log(log)


def test_the_sweep_yield_script_names_a_missing_log_without_a_traceback(tmp_path, capsys):
    from scripts.sweep_yield import main

    assert main([str(tmp_path / "rec0.tsv")]) == 1
    assert capsys.readouterr().err == f"no such log: {tmp_path / 'rec0.tsv'}\n"
    assert main(["--help"]) == 0 and "sweep_yield.py [LOG ...]" in capsys.readouterr().out


def test_a_sweep_log_counts_every_fact_id_it_names(tmp_path):
    # Ids grew past four digits in the fifteenth sweep (T10200); a log naming them must count them.
    from scripts.sweep_yield import read_log

    log = tmp_path / "rec9.tsv"
    log.write_text(
        "time\tq\tr\tn\tf\n07:00\tHaiti\t3\t1\tT10200;T10200b; C301\n07:01\tHaiti\t2\t0\t\n", encoding="utf-8"
    )
    tally = read_log(log)
    assert (tally.searches, tally.facts, tally.fruitful_searches) == (2, ["T10200", "T10200b", "C301"], 1)
