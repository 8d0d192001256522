"""Colour contrast, computed (WCAG 2.1 relative luminance): text in the theme at least 4.5:1,
chart and map marks at least 3:1 against what they are drawn on (1.4.3 and 1.4.11), and no
category told by colour alone."""

import pathlib
import tomllib

import pytest

from components import charts, map_deck

ROOT = pathlib.Path(__file__).resolve().parents[1]
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
# Streamlit draws captions, help text and other secondary text in the text colour at 60 %
# opacity (its theme's fadedText60).
CAPTION_OPACITY = 0.6
WHITE = "#ffffff"


def rgb(colour) -> tuple[float, float, float]:
    if isinstance(colour, str):
        colour = colour.lstrip("#")
        return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return tuple(colour[:3])


def blend(fg, bg, alpha: float) -> tuple[float, ...]:
    return tuple(alpha * f + (1 - alpha) * b for f, b in zip(rgb(fg), rgb(bg), strict=True))


def luminance(colour) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_arithmetic_matches_known_pairs():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("background", ["backgroundColor", "secondaryBackgroundColor"])
def test_theme_text_meets_4_5_to_1(background):
    bg = THEME[background]
    assert contrast(THEME["textColor"], bg) >= 7
    assert contrast(blend(THEME["textColor"], bg, CAPTION_OPACITY), bg) >= 4.5  # captions
    assert contrast(THEME["linkColor"], bg) >= 4.5
    assert contrast(THEME["primaryColor"], bg) >= 4.5  # selected tab, focus rings, links
    assert contrast(WHITE, THEME["primaryColor"]) >= 4.5  # white text on primary (tags, buttons)


def test_caption_style_uses_the_theme_text_colour_faded():
    from components import page

    r, g, b = rgb(THEME["textColor"])
    assert f"color: rgba({r}, {g}, {b}, {CAPTION_OPACITY})" in page.A11Y_CSS


def phase_band(name: str) -> tuple[float, ...]:
    r, g, b, a = (float(x) for x in charts.PHASE_COLORS[name].removeprefix("rgba(").rstrip(")").split(","))
    return blend((r, g, b), WHITE, a)


PLOT_BACKGROUNDS = {"white": WHITE, "MSS band": phase_band("mss"), "GSF band": phase_band("gsf")}
CHART_COLOURS = {
    **{f"category {k}": v for k, v in charts.CATEGORY_COLORS.items()},
    **{f"measure {k}": v for k, v in charts.MEASURE_COLORS.items()},
    **{f"donor bar {k}": v for k, (_, v) in charts.DONOR_BARS.items()},
    "pledges bars": charts.LIGHT_BLUE,
    "arrived bars": charts.BLUE,
    "in Haiti bars, headcount line": charts.GREEN,
}


@pytest.mark.parametrize("name", CHART_COLOURS)
def test_chart_marks_meet_3_to_1(name):
    for background_name, background in PLOT_BACKGROUNDS.items():
        ratio = contrast(CHART_COLOURS[name], background)
        assert ratio >= 3, f"{name} {CHART_COLOURS[name]} on {background_name}: {ratio:.2f}:1"


@pytest.mark.parametrize("status", map_deck.STATUS_COLORS)
def test_map_marks_meet_3_to_1_as_drawn(status):
    colour = map_deck.STATUS_COLORS[status]
    for name, ground in (("sea", map_deck.SEA_COLOR), ("land", map_deck.LAND_COLOR)):
        country = blend(colour, ground, map_deck.COUNTRY_ALPHA / 255)
        circle = blend(colour, ground, map_deck.CIRCLE_ALPHA / 255)
        assert contrast(country, ground) >= 3, f"{status} country on {name}: {contrast(country, ground):.2f}"
        assert contrast(circle, ground) >= 3, f"{status} circle on {name}: {contrast(circle, ground):.2f}"
    assert contrast(map_deck.HAITI_COLOR, map_deck.SEA_COLOR) >= 3


def test_categories_differ_by_more_than_colour():
    assert len(set(charts.CATEGORY_SYMBOLS.values())) == len(charts.CATEGORY_LABELS)
    assert set(charts.CATEGORY_SYMBOLS) == set(charts.CATEGORY_COLORS) == set(charts.CATEGORY_LABELS)
    assert len(set(charts.MEASURE_SYMBOLS.values())) == len(charts.MEASURE_COLORS)
    # Bars of one chart: each stage has its own pattern (hatched, dotted, solid).
    assert len({charts.BAR_PATTERNS[k] for k in ("pledged", "arrived", "in_haiti")}) == 3
    assert len({charts.BAR_PATTERNS[k] for k in charts.DONOR_BARS}) == 3
    # Stages on the map are named in words in the legend caption; each word names one colour.
    words = {}
    for status, word in map_deck.STATUS_COLOR_WORDS.items():
        words.setdefault(word, set()).add(tuple(map_deck.STATUS_COLORS[status]))
    assert all(len(colours) == 1 for colours in words.values())
    # ... and each stage has its own colour and its own word (issue #21: "orange" named two stages).
    assert len({tuple(colour) for colour in map_deck.STATUS_COLORS.values()}) == len(map_deck.STATUS_COLORS)
    assert len(set(map_deck.STATUS_COLOR_WORDS.values())) == len(map_deck.STATUS_COLOR_WORDS)
