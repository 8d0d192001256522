"""Link previews (components/previews.py, components/preview_middleware.py): each page's tags per
view and language, worded by the pages' own functions; nothing of a request in them unescaped;
the sitemap and robots.txt; the committed pictures are the current ones."""

import html
import importlib.util
import pathlib
import re
import struct
import xml.etree.ElementTree as ET

import pytest

from components import i18n, metrics, preview_middleware, previews, site, summary, url_state, view_sync
from components.data import DEFAULT_DATA_DIR

ROOT = pathlib.Path(__file__).resolve().parents[1]
ORIGIN = "https://hmt.example"
HOSTILE = '"><script>alert(1)</script>'
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def tags_of(markup: str) -> dict[str, str]:
    found = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', markup))
    found["title"] = re.search(r"<title>([^<]*)</title>", markup).group(1)
    return {name: html.unescape(value) for name, value in found.items()}


def alternates_of(markup: str) -> dict[str, str]:
    return {lang: html.unescape(url) for lang, url in re.findall(r'hreflang="([^"]+)" href="([^"]*)"', markup)}


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
@pytest.mark.parametrize("page", site.PAGES, ids=lambda page: page.url_path)
def test_each_page_previews_its_default_view_in_each_language(ds, page, lang):
    query = "" if lang == "en" else f"lang={lang}"
    markup = previews.head_html(previews.page_head(ds, ORIGIN, page, query))
    tags = tags_of(markup)
    with i18n.language(lang):
        assert tags["title"] == _("{page} · Haiti Mission Tracker").format(page=_(page.title))  # the tab's title
        assert tags["og:site_name"] == _(site.DASHBOARD)
    assert tags["og:title"] == tags["twitter:title"] == tags["title"]
    assert tags["description"] == tags["og:description"] == tags["twitter:description"]
    assert 40 <= len(tags["description"]) <= previews.DESCRIPTION_LIMIT
    address = ORIGIN + page.address
    assert tags["og:url"] == (address if lang == "en" else f"{address}?lang={lang}")
    slug = previews.IMAGE_SLUGS[page.url_path]
    assert tags["og:image"] == tags["twitter:image"] == f"{ORIGIN}/previews/{slug}.png"
    assert tags["twitter:card"] == "summary_large_image"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    alternates = alternates_of(markup)
    assert alternates == {
        "en": address,
        "fr": f"{address}?lang=fr",
        "ht": f"{address}?lang=ht",
        "x-default": address,
    }


def _(message):
    return i18n._(message)


def test_a_view_is_previewed_with_the_pages_own_words(ds):
    query = "from=2024-06-01&to=2025-10-02&countries=KEN,JAM&tab=table&lang=fr"
    head = previews.page_head(ds, ORIGIN, site.PAGE_BY_ROUTE["Pledges_and_deployments"], query)
    bounds = previews.view_bounds(ds)
    state, has_view = previews.view_state(ds, query)
    assert has_view and state.countries == ("JAM", "KEN") and state.lang == "fr"
    with i18n.language("fr"):
        words = metrics.filter_summary(state, previews.english_names(ds))
        assert head.title.startswith(f"Promesses et déploiements, {words}, tableau")
        # The Pledges page's preview: its sentence, then the view's summary (summary.summary_text).
        assert head.description == previews.shorten(
            _(previews.PAGE_WORDS["Pledges_and_deployments"]) + " " + summary.summary_text(ds, state)
        )
    assert (
        head.url
        == f"{ORIGIN}/Pledges_and_deployments?from=2024-06-01&to=2025-10-02&countries=JAM,KEN&tab=table&lang=fr"
    )
    assert head.url.endswith("?" + url_state.query_string(state, bounds))  # the share box's canonical query


def test_the_bounds_are_the_pages_bounds(ds):
    assert previews.view_bounds(ds) == view_sync.view_bounds(ds)


@pytest.mark.parametrize(
    "query",
    [
        'from=2024-06-01&x="onfocus="alert(1)',
        "countries=KEN%22%3E%3Cscript%3E&lang=%3Csvg/onload=alert(1)%3E",
        f"tab={HOSTILE}&to={HOSTILE}",
        "from=" + "9" * 5000,
        "%ZZ&&&=&lang",
    ],
)
def test_a_hostile_or_malformed_query_falls_back_and_never_reaches_the_markup(ds, query):
    for page in site.PAGES:
        markup = previews.head_html(previews.page_head(ds, ORIGIN, page, query))
        assert "<script" not in markup and "<svg" not in markup and "onfocus" not in markup
        for value in re.findall(r'(?:content|href)="([^"]*)"', markup):
            assert not set(value) & set('<>"'), value
        url = tags_of(markup)["og:url"]
        assert url.startswith(ORIGIN + page.address)
        assert re.fullmatch(r"[A-Za-z0-9:/._?=&,-]*", url), url  # only what the grammar writes


def test_a_path_that_is_no_page_is_previewed_as_the_site(ds):
    assert previews.page_for_route(HOSTILE) is None
    head = previews.page_head(ds, ORIGIN, None, "countries=KEN")
    assert head.url == f"{ORIGIN}/" and head.image.endswith("/overview.png")
    assert previews.page_for_route("Timeline") is site.PAGE_BY_ROUTE["Timeline"]
    assert previews.page_for_route("") is previews.page_for_route("Overview") is site.PAGES[0]


def test_text_from_the_data_is_escaped():
    head = previews.PageHead("en", 'Funding "<b>"', "US$ 110m; <script>x</script>", ORIGIN, ORIGIN, ())
    markup = previews.head_html(head)
    assert "<script>" not in markup and "<b>" not in markup
    assert tags_of(markup)["description"] == "US$ 110m; <script>x</script>"
    assert markup.startswith("<title>Funding &quot;&lt;b&gt;&quot;</title>")


def test_descriptions_are_one_short_line():
    long = "First sentence about the mission in Haiti. " * 10
    short = previews.shorten(long)
    assert len(short) <= 200 and short.endswith(".")
    assert previews.shorten("a " * 150).endswith("…")
    assert previews.shorten("Short.") == "Short."


@pytest.mark.parametrize(
    "setting, origin",
    [
        ("https://HMT.example/", "https://hmt.example"),
        ("https://hmt.example:443", "https://hmt.example"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ],
)
def test_the_public_origin_is_normalised(setting, origin):
    assert previews.public_origin(setting) == origin


@pytest.mark.parametrize(
    "setting",
    ['http://a"onfocus="x', "https://hmt.example/path", "ftp://hmt.example", "https://u@hmt.example", "hmt.example"],
)
def test_a_malformed_public_origin_is_refused(setting):
    with pytest.raises(ValueError):
        previews.public_origin(setting)


def test_the_origin_is_a_setting_never_the_request(monkeypatch):
    monkeypatch.setenv(preview_middleware.ORIGIN_ENV, "https://hmt.example.org")
    assert preview_middleware.configured_origin() == "https://hmt.example.org"
    monkeypatch.delenv(preview_middleware.ORIGIN_ENV)
    # .streamlit/config.toml: browser.serverAddress "localhost", the port Streamlit serves on.
    assert preview_middleware.configured_origin() == "http://localhost:8501"
    monkeypatch.setenv(preview_middleware.ORIGIN_ENV, 'https://a"b')
    with pytest.raises(ValueError):
        preview_middleware.configured_origin()


def test_page_routes_under_a_base_path():
    assert preview_middleware.page_route("/Timeline", "") == "Timeline"
    assert preview_middleware.page_route("/", "") == ""
    assert preview_middleware.page_route("/hmt/Map", "hmt") == "Map"
    assert preview_middleware.page_route("/Map", "hmt") is None
    for path in ("/_stcore/health", "/static/js/index.js", "/app/static/vendor/x.js", "/favicon.png", "/api/v1/"):
        assert preview_middleware.page_route(path, "") is None
    assert previews.site_root(ORIGIN, "/hmt/") == f"{ORIGIN}/hmt"
    assert [route.path for route in preview_middleware.preview_routes("hmt")] == [
        "/hmt/robots.txt",
        "/hmt/sitemap.xml",
        "/hmt/previews/{slug}.png",
    ]


def test_the_sitemap_lists_every_page_in_every_language_with_its_alternates(ds):
    tree = ET.fromstring(previews.sitemap_xml(ds, ORIGIN).encode())
    urls = tree.findall(f"{SITEMAP}url")
    locations = [url.find(f"{SITEMAP}loc").text for url in urls]
    expected = [
        ORIGIN + page.address + ("" if lang == "en" else f"?lang={lang}")
        for page in site.PAGES
        for lang in i18n.LANGUAGES
    ]
    assert locations == expected
    version = metrics.data_version(ds).isoformat()
    for url in urls:
        assert url.find(f"{SITEMAP}lastmod").text == version
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert set(links) == {"en", "fr", "ht", "x-default"} and url.find(f"{SITEMAP}loc").text in links.values()


def test_robots_txt_points_at_the_sitemap():
    text = previews.robots_txt(f"{ORIGIN}/hmt")
    assert "User-agent: *\nAllow: /\n" in text and "Disallow: /hmt/_stcore/" in text
    assert f"Sitemap: {ORIGIN}/hmt/sitemap.xml" in text


# --- The pictures --------------------------------------------------------------------------


def load_builder():
    spec = importlib.util.spec_from_file_location("build_previews", ROOT / "deploy" / "build_previews.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_page_has_a_picture_of_1200_by_630():
    assert set(previews.IMAGE_SLUGS) == {page.url_path for page in site.PAGES}
    for slug in previews.IMAGE_SLUGS.values():
        body = (previews.IMAGE_FOLDER / f"{slug}.png").read_bytes()
        assert body[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", body[16:24]) == (1200, 630)


def test_the_committed_pictures_are_drawn_from_the_current_data_and_code():
    builder = load_builder()
    committed = (previews.IMAGE_FOLDER / builder.KEY_FILE).read_text(encoding="utf-8").strip()
    assert committed == builder.key(DEFAULT_DATA_DIR), (
        "static/previews/ is out of date: run .venv/bin/python deploy/build_previews.py and commit it"
    )


def test_the_pictures_key_follows_the_data_files_not_the_data_readme(tmp_path):
    import shutil

    builder = load_builder()
    data = shutil.copytree(ROOT / "tests" / "fixtures" / "data", tmp_path / "data")
    before = builder.key(data)
    (data / "README.md").write_text("A new sweep's record changes no picture.", encoding="utf-8")
    assert builder.key(data) == before
    with (data / "events.csv").open("a", encoding="utf-8") as events:
        events.write("\n")
    assert builder.key(data) != before


def test_the_stack_reads_the_origin_as_the_app_does():
    spec = importlib.util.spec_from_file_location("render_nginx", ROOT / "deploy" / "render_nginx.py")
    render_nginx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_nginx)
    for setting in ("https://HMT.example/", "http://127.0.0.1:8080", "https://hmt.example:443"):
        assert render_nginx.public_origin(setting)[0] == previews.public_origin(setting)
    conf = (ROOT / "deploy" / "nginx.conf.in").read_text(encoding="utf-8")
    assert "sub_filter" not in conf and "location = /robots.txt" not in conf  # the app's, proxied


@pytest.mark.parametrize("route, lang", [("Map", "fr"), ("", "ht"), ("Timeline", "en")])
def test_the_preview_says_what_the_page_shows(ds, route, lang):
    from streamlit.testing.v1 import AppTest

    from components.safe_markdown import md_text

    page = previews.page_for_route(route)
    params = {"from": "2024-06-01", "to": "2025-10-02", "countries": "KEN", "lang": lang}
    at = AppTest.from_file(str(ROOT / ("app.py" if page is site.PAGES[0] else page.file)), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    state, _has_view = previews.view_state(ds, "&".join(f"{key}={value}" for key, value in params.items()))
    with i18n.language(lang):
        words = previews.page_description(ds, page, state)
    if route == "Timeline":  # the chart's text alternative, sent with the chart
        assert words in str([element.proto for element in at.get("bidi_component")])
    else:  # the Map's legend caption, the Overview's summary
        assert md_text(words) in [element.value for element in [*at.caption, *at.markdown]]
