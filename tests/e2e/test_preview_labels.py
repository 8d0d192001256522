"""The link previews' pictures (deploy/build_previews.py) place their floating labels as the pages do:
no phase or resolution label covers another text in a picture.

kaleido draws each picture by calling plotly.js's ``toImage`` in Chromium, after plotly.js,
components/frontend/label_room.js and deploy/preview_labels.js. Here the same three scripts load in
Chromium, ``toImage`` is recorded instead of drawn, and the layout it was given is drawn at the
picture's size and measured (browser_kit/overlap.py). On the live data, as one of the few tests that
read it: collisions come from how many resolutions and phases fall close together, which the
fixture's handful of rows cannot show.
"""

import json
import pathlib

import plotly
import plotly.io
import pytest

from browser_kit import ROOT
from browser_kit.overlap import BOXES, collisions
from components import previews
from components.data import load_dataset
from tests.test_previews import load_builder

PLOTLY_JS = pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


BUILDER = load_builder()

# toImage as kaleido calls it; the recorder stands where plotly.js would draw the picture.
RECORD_AND_DRAW = """async ([figure, width, height]) => {
  const drawn = await Plotly.toImage(figure, { format: 'png', width: width, height: height, scale: 1 });
  const chart = document.getElementById('chart');
  await Plotly.newPlot(chart, drawn.data, drawn.layout, { staticPlot: true });
  return (drawn.layout.annotations || []).filter((note) => note.name === 'hmt-float').length;
}"""
RECORDER = "Plotly.toImage = (figure) => Promise.resolve(figure);"


@pytest.fixture(scope="module")
def figures():
    return BUILDER.figures(load_dataset(ROOT / "data"))


@pytest.fixture(scope="module")
def picture_page(browser):
    context = browser.new_context(viewport={"width": BUILDER.WIDTH + 40, "height": BUILDER.HEIGHT + 40})
    page = context.new_page()
    page.set_content(f'<div id="chart" style="width:{BUILDER.WIDTH}px;height:{BUILDER.HEIGHT}px"></div>')
    page.add_script_tag(path=str(PLOTLY_JS))
    page.add_script_tag(content=RECORDER)
    for script in BUILDER.LABEL_SCRIPTS:  # in kaleido's order: after plotly.js
        page.add_script_tag(path=str(script))
    yield page
    context.close()


@pytest.mark.parametrize("slug", sorted(set(previews.IMAGE_SLUGS.values())))
def test_no_picture_label_covers_another_text(picture_page, figures, slug):
    figure = json.loads(plotly.io.to_json(BUILDER.image_figure(figures[slug])))
    floating = picture_page.evaluate(RECORD_AND_DRAW, [figure, BUILDER.WIDTH, BUILDER.HEIGHT])
    if slug == "timeline":
        assert floating > 0, "the Timeline picture has no phase or resolution label to place"
    (chart,) = picture_page.evaluate(BOXES)
    texts = [item for item in chart["items"] if item["kind"] == "text"]
    problems = collisions(texts)
    assert not problems, f"{slug}.png:\n" + "\n".join(problems)
