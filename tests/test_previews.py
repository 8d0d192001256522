"""Link previews (deploy/build_previews.py, deploy/render_nginx.py): the tags are escaped for
HTML and for nginx, and a description is one short line."""

import html
import importlib.util
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "deploy" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


previews = load("build_previews")
render_nginx = load("render_nginx")


def test_tags_escape_markup_and_nginx_variables():
    tags = previews.head_tags("funding", 'Funding "<b>"', "US$ 110m raised; <script>x</script> \\ done")
    assert "<script>" not in tags and "<b>" not in tags
    assert "US&#36; 110m" in tags and "$ 110m" not in tags  # "$" would be an nginx variable
    assert "&#92;" in tags  # a backslash would be an nginx escape
    # The only "$" left are nginx's own variables.
    # Nothing of the request but a query of URL-safe characters ($hmt_view_query, nginx's).
    assert set(re.findall(r"\$[a-z_]+", tags)) == {"$hmt_origin", "$hmt_view_query"}
    found = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', tags))
    assert html.unescape(found["description"]) == "US$ 110m raised; <script>x</script> \\ done"
    assert found["og:image"] == "$hmt_origin/previews/funding.png" and found["twitter:card"] == "summary_large_image"
    assert tags.startswith("<title>Funding &quot;&lt;b&gt;&quot; · Haiti Mission Tracker</title>")


def test_descriptions_are_one_short_line():
    long = "First sentence about the mission in Haiti. " * 10
    short = previews.shorten(long)
    assert len(short) <= 200 and short.endswith(".")
    assert previews.shorten("a " * 150).endswith("…")
    assert previews.shorten("Short.") == "Short."


def test_nginx_strings_keep_quotes_inside():
    assert render_nginx.nginx_string('<meta content="x">') == '"<meta content=\\"x\\">"'


def test_every_page_has_a_preview():
    assert set(previews.PAGES) == {
        "/",
        "/Timeline",
        "/Map",
        "/Pledges_and_deployments",
        "/Funding",
        "/Sources_and_method",
    }
    pages = {p.stem.split("_", 1)[1] for p in (ROOT / "pages").glob("*.py")} - {"Overview"}  # the Overview is "/"
    assert {path.strip("/") for path in previews.PAGES if path != "/"} == pages
