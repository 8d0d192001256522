"""Every use of plotly's private internals, in one place.

The charts are on the hot path (a filter change rebuilds every chart on the page), and three
of plotly's public paths cost more than the rest of a rerun: validating every property,
deep-copying every hover text, and writing the JSON twice to drop a title. Each shortcut below
uses a private part of plotly; each says why, and which public API would replace it. If an
internal disappears in a new plotly, the shortcut logs a warning once and the public path
is taken: slower, the same output, never an error. ``tests/test_plotly_adapter.py`` fails
when an internal disappears, so an upgrade shows what to rewrite.
No Streamlit here.
"""

from __future__ import annotations

import functools
import json
import logging

import numpy as np
import plotly.graph_objects as go

log = logging.getLogger(__name__)


@functools.cache
def _warn_once(what: str, replacement: str) -> None:
    log.warning("plotly internal %s is gone: using %s instead (slower, same output)", what, replacement)


# ---------------------------------------------------------------------------------------
# 1. Figures built without validation: go.Figure(..., _validate=False)
# ---------------------------------------------------------------------------------------
# Why: plotly's validation copied and checked every hover text and point again on every
# rerun (~80 ms for the timeline at 100x the data); what the chart builders pass is fixed by
# components/charts.py, and tests/test_charts.py builds every chart again with validation
# and checks it is valid and gives the same JSON. Public replacement: none in plotly 6
# (``go.Figure(data, layout)`` always validates); ``plotly.io.from_json(..., skip_invalid=True)``
# still validates.
VALIDATE = False  # tests set it to True to check the builders' output against plotly's schema


def _takes_validate_false() -> bool:
    """Whether ``go.Figure`` still honours ``_validate=False`` (read from its ``**kwargs``, so
    no signature shows it): a value plotly would refuse passes unchecked only if it does."""
    try:
        go.Figure(data=[{"type": "scatter", "mode": "not a mode"}], _validate=False)
    except (TypeError, ValueError):
        return False
    return True


HAS_VALIDATE_ARGUMENT = _takes_validate_false()


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A plotly Figure from plain trace dicts and a layout dict, unvalidated unless
    ``VALIDATE`` (or unless plotly no longer lets us skip it)."""
    if VALIDATE:
        return go.Figure(data=data, layout=layout)
    if not HAS_VALIDATE_ARGUMENT:
        _warn_once("go.Figure(_validate=)", "a validated go.Figure")
        return go.Figure(data=data, layout=layout)
    return go.Figure(data=data, layout=layout, _validate=False)


# ---------------------------------------------------------------------------------------
# 2. Arrays a Figure keeps instead of deep-copying: an ndarray subclass with __deepcopy__
# ---------------------------------------------------------------------------------------
class Kept(np.ndarray):
    """An array that ``go.Figure`` keeps instead of deep-copying it. A Figure deep-copies
    every trace property it is given (``copy.deepcopy``, inside BaseFigure.__init__), item by
    item: for the hover texts of thousands of points that cost about as much as writing them.
    The chart builders never change an array once it is in a trace; the JSON is the same
    (``tests/test_charts.py``). Why private: it relies on how plotly copies its input.
    Public replacement: none (a plotly option to take the input without copying it). If plotly
    stops deep-copying, this class does nothing and costs nothing."""

    def __deepcopy__(self, memo):
        return self


def objects(values: list) -> np.ndarray:
    """A 1-d object array holding ``values`` themselves (numpy would make a list of strings
    a fixed-width string array)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def kept(values) -> Kept:
    """``values`` (an object array, or a list made one) as an array a Figure keeps."""
    return (values if isinstance(values, np.ndarray) else objects(values)).view(Kept)


# ---------------------------------------------------------------------------------------
# 3. A figure's JSON without its title, from its own property dicts
# ---------------------------------------------------------------------------------------
# Why: ``json.loads(figure.to_json())``, then dropping the title and writing it again, cost
# ~17 ms for the timeline at 100x the data, and ``Figure.to_dict``'s deep copy of every hover
# text ~40 ms more. So the payload is written from ``figure._data`` and ``figure._layout``
# (the figure's own dicts: private attributes) with ``_plotly_utils``' helpers, which is what
# ``plotly.io.to_json`` does after its copy. Public replacement: ``untitled(figure.to_json())``
# (below), the fallback; or a ``to_json`` that takes a dict without copying it.
try:
    from _plotly_utils.basevalidators import is_homogeneous_array
    from _plotly_utils.utils import PlotlyJSONEncoder, is_skipped_key, to_typed_array_spec

    HAS_JSON_HELPERS = True
except ImportError:  # logged where it is used (once), so the app still draws every chart
    HAS_JSON_HELPERS = False


def untitled(spec: str) -> str:
    """A figure's JSON without its title (the page shows it as text above the chart)."""
    parsed = json.loads(spec)
    parsed.get("layout", {}).pop("title", None)
    return json.dumps(parsed, separators=(",", ":"))


def has_own_dicts(fig: go.Figure) -> bool:
    """Whether the figure still keeps its traces and layout in ``_data`` and ``_layout``."""
    return isinstance(getattr(fig, "_data", None), list) and isinstance(getattr(fig, "_layout", None), dict)


def untitled_json(fig: go.Figure) -> str:
    """``untitled(fig.to_json())``, the same text, without writing the JSON twice and reading
    it once in between, and without ``Figure.to_dict``'s deep copy of every hover text: the
    figure's dicts and lists are copied, and its numeric arrays made typed arrays, as
    ``to_dict`` does."""
    if not HAS_JSON_HELPERS:
        _warn_once("_plotly_utils JSON helpers", "untitled(figure.to_json())")
        return untitled(fig.to_json())
    if not has_own_dicts(fig):
        _warn_once("Figure._data/_layout", "untitled(figure.to_json())")
        return untitled(fig.to_json())
    spec = {"data": [_json_ready(trace) for trace in fig._data], "layout": _json_ready(fig._layout)}
    spec["layout"].pop("title", None)
    for trace in spec["data"]:
        trace.pop("uid", None)  # as to_json does
    return json.dumps(spec, cls=PlotlyJSONEncoder, separators=(",", ":"))


_CONTAINERS = (dict, list, tuple)


def _json_ready(value):
    """``value`` with its dicts and lists copied, everything else (strings, numbers, arrays)
    shared, and each array that is a dict's value under a key plotly does not skip made a
    typed array: what plotly's ``convert_to_base64`` does to ``to_dict``'s copy, without
    visiting every item of a list of strings."""
    if isinstance(value, dict):
        ready = {}
        for key, item in value.items():
            if is_skipped_key(key):
                ready[key] = _copied(item)
            elif isinstance(item, np.ndarray) and item.dtype == object:
                ready[key] = item  # plotly would copy it and leave the copy as it is: same JSON
            elif is_homogeneous_array(item):
                ready[key] = to_typed_array_spec(item)
            else:
                ready[key] = _json_ready(item)
        return ready
    if _holds_containers(value):
        return type(value)(_json_ready(item) for item in value)
    return value


def _holds_containers(value) -> bool:
    """Whether ``value`` is a list or tuple with a dict, list or tuple in it (checked on the
    items' distinct types: a list of thousands of strings costs one pass in C)."""
    return isinstance(value, (list, tuple)) and any(issubclass(kind, _CONTAINERS) for kind in set(map(type, value)))


def _copied(value):
    """``value`` with its dicts and lists copied (for what plotly leaves as it is)."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if _holds_containers(value):
        return type(value)(_copied(item) for item in value)
    return value
