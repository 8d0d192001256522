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
    for script in ("lock.sh", "upgrade_check.sh", "setup.sh", "fill_added.py", "screenshots.py", "known_sources.py"):
        assert (ROOT / "scripts" / script).exists(), script


def test_a_sweep_learns_which_result_addresses_the_data_already_cites():
    from scripts.known_sources import address_owners, verdicts

    owners = address_owners(ROOT / "tests" / "fixtures" / "data" / "sources.csv")
    cited = (
        "https://president.go.ke/kenya-and-haiti-sign-agreement-on-the-deployment-of-1000-police-officers?utm_source=x"
    )
    unseen = "https://example.org/a-page-no-sweep-has-entered"
    assert verdicts([cited, unseen], owners) == [(cited, "src002"), (unseen, "new")]
