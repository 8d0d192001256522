"""The plotly internals that components/plotly_adapter.py relies on are still there: each test
fails when a plotly upgrade removes one, naming what to rewrite; and the public fallback gives
the same output, with one warning."""

import json
import logging
import pathlib
import re

import numpy as np
import plotly.graph_objects as go

from components import plotly_adapter


def small_figure() -> go.Figure:
    hover = plotly_adapter.kept(["a <b>", "b"])
    trace = dict(type="scatter", x=[1, 2], y=np.array([3.0, 4.0]), customdata=hover, hovertemplate="%{customdata}")
    return plotly_adapter.figure([trace], dict(title=dict(text="Title"), height=300))


def test_go_figure_still_takes_validate_false():
    assert plotly_adapter.HAS_VALIDATE_ARGUMENT, "go.Figure(_validate=) is gone: see plotly_adapter.figure"


def test_the_json_helpers_of_plotly_utils_are_still_there():
    assert plotly_adapter.HAS_JSON_HELPERS, "_plotly_utils' JSON helpers are gone: see plotly_adapter.untitled_json"


def test_a_figure_still_keeps_its_own_dicts():
    assert plotly_adapter.has_own_dicts(small_figure()), (
        "Figure._data/_layout are gone: see plotly_adapter.untitled_json"
    )


def test_a_figure_keeps_a_kept_array_instead_of_copying_it():
    hover = plotly_adapter.kept(["x", "y"])
    fig = plotly_adapter.figure([dict(type="scatter", x=[1, 2], y=[1, 2], customdata=hover)], {})
    assert fig._data[0]["customdata"] is hover, "go.Figure no longer keeps an array whose __deepcopy__ returns it"


def test_untitled_json_is_plotlys_own_json_without_the_title():
    fig = small_figure()
    fast = plotly_adapter.untitled_json(fig)
    assert fast == plotly_adapter.untitled(fig.to_json())
    assert "title" not in json.loads(fast)["layout"]


def test_without_the_internals_the_public_path_gives_the_same_json_and_warns_once(monkeypatch, caplog):
    fig = small_figure()
    expected = plotly_adapter.untitled_json(fig)
    monkeypatch.setattr(plotly_adapter, "HAS_JSON_HELPERS", False)
    plotly_adapter._warn_once.cache_clear()
    with caplog.at_level(logging.WARNING, logger=plotly_adapter.__name__):
        assert plotly_adapter.untitled_json(fig) == expected
        assert plotly_adapter.untitled_json(fig) == expected
    assert len([r for r in caplog.records if "_plotly_utils" in r.getMessage()]) == 1
    plotly_adapter._warn_once.cache_clear()


def test_without_validate_false_the_figure_is_validated_and_the_same(monkeypatch, caplog):
    trace = dict(type="bar", x=["a"], y=[1])
    expected = plotly_adapter.figure([trace], {}).to_json()
    monkeypatch.setattr(plotly_adapter, "HAS_VALIDATE_ARGUMENT", False)
    plotly_adapter._warn_once.cache_clear()
    with caplog.at_level(logging.WARNING, logger=plotly_adapter.__name__):
        assert plotly_adapter.figure([trace], {}).to_json() == expected
    assert any("_validate" in r.getMessage() for r in caplog.records)
    plotly_adapter._warn_once.cache_clear()


PLOTLY_INTERNALS = re.compile(r"\b_plotly_utils\b|\.(_data|_layout)\b|\b_validate\s*=|def __deepcopy__")


def test_no_other_module_touches_plotlys_internals():
    root = pathlib.Path(__file__).resolve().parents[1]
    for path in [*root.glob("components/*.py"), *root.glob("pages/*.py"), root / "app.py"]:
        if path.name == "plotly_adapter.py":
            continue
        found = PLOTLY_INTERNALS.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} uses a plotly internal ({found}): move it to plotly_adapter.py"
