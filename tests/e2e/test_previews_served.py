"""Link previews served by the app itself: an ``st.App`` with the preview middleware and routes,
started by ``streamlit run`` as any entry file is (Streamlit finds the ``App`` instance in the
file and serves it with uvicorn). One plain HTTP request, as a crawler makes it, without a
browser: the page's head holds its preview, written from the configured origin, never from the
request's Host, and nothing of the request unescaped."""

import gzip
import html
import http.client
import re
import struct
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from browser_kit import FIXTURE_DATA, ROOT, start_streamlit, stop_streamlit
from components import i18n, previews, site
from components.data import DATA_DIR_ENV, load_dataset

ORIGIN = "https://hmt.example"
SHARED = "from=2024-06-01&to=2025-10-02&countries=KEN,JAM&tab=table"
# The entry a deployment uses (the lead's app entry does the same: app = st.App(...)).
ENTRY = """import streamlit as st

from components.preview_middleware import PREVIEW_MIDDLEWARE, preview_routes

app = st.App({script!r}, routes=preview_routes(), middleware=PREVIEW_MIDDLEWARE)
"""


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("entry")
    entry = folder / "serve.py"
    entry.write_text(ENTRY.format(script=str(ROOT / "app.py")), encoding="utf-8")
    process, url = start_streamlit(
        entry, env={"PYTHONPATH": str(ROOT), "PUBLIC_ORIGIN": ORIGIN, DATA_DIR_ENV: str(FIXTURE_DATA)}
    )
    yield url
    stop_streamlit(process)


@pytest.fixture(scope="module")
def data():
    return load_dataset(FIXTURE_DATA)


def request(url: str, target: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One raw HTTP request (any Host header, any target), as a crawler or an attacker sends it."""
    host, port = url.removeprefix("http://").split("/")[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
    for name, value in {"Host": f"{host}:{port}", **(headers or {})}.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    headers = {name.lower(): value for name, value in response.getheaders()}
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, headers, body


def head_of(page: bytes) -> str:
    return page.decode().split("</head>")[0]


def tags_of(head: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', head))


@pytest.mark.parametrize("page", site.PAGES, ids=lambda page: page.url_path)
@pytest.mark.parametrize("query", ["", SHARED + "&lang=fr", "lang=ht"])
def test_a_crawler_gets_the_views_preview_in_one_request(app_server, data, page, query):
    target = page.address + (f"?{query}" if query else "")
    status, headers, body = request(
        app_server, target, headers={"User-Agent": "WhatsApp/2.23.20.0", "Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["content-type"].startswith("text/html")
    head = head_of(body)
    # The very tags the preview module words for this view: one implementation.
    expected = previews.page_head(data, ORIGIN, page, query)
    assert previews.head_html(expected) in head
    assert head.count("<title>") == 1 and "<title>Streamlit</title>" not in head
    assert f'<html lang="{expected.lang}">' in body.decode()
    assert headers["content-encoding"] == "gzip" and "Accept-Encoding" in headers["vary"]  # as asked
    # The page still works: Streamlit's scripts are all there.
    assert re.search(r'src="\./static/js/index\.[^"]+\.js"', head)


def test_a_head_request_answers_as_the_get_would(app_server):
    _status, _headers, body = request(app_server, f"/Funding?{SHARED}")
    status, headers, empty = request(app_server, f"/Funding?{SHARED}", method="HEAD")
    assert status == 200 and empty == b"" and headers["content-length"] == str(len(body))
    assert "etag" not in headers  # Streamlit's is the file's, not this page's


@pytest.mark.parametrize("host", ["attacker.example", 'a"onfocus="x', "hmt.example:1@evil"])
def test_the_host_header_never_reaches_the_head(app_server, host):
    status, _headers, body = request(app_server, f"/Map?{SHARED}", headers={"Host": host})
    assert status == 200
    head = head_of(body)
    assert "attacker" not in head and "onfocus" not in head and "evil" not in head
    tags = tags_of(head)
    assert html.unescape(tags["og:url"]).startswith(f"{ORIGIN}/Map?") and tags["og:image"].startswith(ORIGIN)


@pytest.mark.parametrize(
    "target",
    [
        '/Timeline?from=2024-06-01&x="onfocus="alert(1)',
        "/Timeline?countries=KEN%22%3E%3Cscript%3E&lang=%3Csvg/onload=alert(1)%3E",
        "/Timeline/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
        "/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
        f"/Funding?tab=%22%3E%3Cscript%3E&to=%3Cx%3E&{'a=1&' * 500}",
    ],
)
def test_no_request_character_reaches_the_head_unescaped(app_server, target):
    status, _headers, body = request(app_server, target)
    if status == 400:  # refused before any page is made
        return
    assert status == 200
    head = head_of(body)
    assert "<script>alert" not in head and "onfocus" not in head and "onload" not in head and "<x>" not in head
    values = re.findall(r'(?:content|href)="([^"]*)"', head)
    assert values
    for value in values:
        assert not set(value) & set('<>"'), value
    url = html.unescape(tags_of(head)["og:url"])
    assert url.startswith(f"{ORIGIN}/") and re.fullmatch(r"[A-Za-z0-9:/._?=&,-]*", url), url


def test_other_answers_pass_through_untouched(app_server):
    status, headers, _body = request(app_server, "/_stcore/health")
    assert status == 200 and "text/html" not in headers.get("content-type", "")
    status, headers, body = request(app_server, "/favicon.png", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and body[:8] == b"\x89PNG\r\n\x1a\n"


def test_robots_txt_and_the_sitemap(app_server, data):
    status, headers, body = request(app_server, "/robots.txt")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    assert body.decode() == previews.robots_txt(ORIGIN) and f"Sitemap: {ORIGIN}/sitemap.xml" in body.decode()
    status, headers, body = request(app_server, "/sitemap.xml")
    assert status == 200 and headers["content-type"].startswith("application/xml")
    tree = ET.fromstring(body)
    locations = [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) == len(site.PAGES) * len(i18n.LANGUAGES)
    assert len(list(tree.iter("{http://www.w3.org/1999/xhtml}link"))) == len(locations) * (len(i18n.LANGUAGES) + 1)


@pytest.mark.parametrize("slug", sorted(previews.IMAGE_SLUGS.values()))
def test_each_preview_image_is_served(app_server, slug):
    with urllib.request.urlopen(f"{app_server}/previews/{slug}.png", timeout=30) as response:
        body = response.read()
        assert response.headers["Content-Type"] == "image/png" and "max-age" in response.headers["Cache-Control"]
    assert struct.unpack(">II", body[16:24]) == (1200, 630)
    status, _headers, _body = request(app_server, "/previews/nothing.png")
    assert status == 404


def test_on_community_cloud_the_origin_is_a_top_level_secret(tmp_path):
    # Community Cloud gives the app a secrets.toml; Streamlit exports its top-level values as
    # environment variables when it starts, after the app (and its middleware) is built.
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('PUBLIC_ORIGIN = "https://hmt.streamlit.app"\n')
    entry = tmp_path / "serve.py"
    entry.write_text(ENTRY.format(script=str(ROOT / "app.py")), encoding="utf-8")
    process, url = start_streamlit(entry, env={"PYTHONPATH": str(ROOT), DATA_DIR_ENV: str(FIXTURE_DATA)})
    try:
        _status, _headers, body = request(url, "/Funding?lang=fr")
        tags = tags_of(head_of(body))
        assert tags["og:url"] == "https://hmt.streamlit.app/Funding?lang=fr"
        assert tags["og:image"] == "https://hmt.streamlit.app/previews/funding.png"
    finally:
        stop_streamlit(process)
