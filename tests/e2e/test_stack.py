"""The production recipe in deploy/, as a reader meets it: two Streamlit replicas behind nginx,
started by deploy/start.sh, checked through the proxy in Chromium.

The stack is started with DEBUG_HEADERS=1, which adds X-Upstream (the replica that answered)
to proxied responses; the access log names the replica of every request too. The last test
stops a replica, so it stays last.
"""

import re
import struct
import urllib.request

import pytest

from components import light_chart
from tests.e2e.conftest import Stack, open_filters
from tests.e2e.test_browser import IDLE, PAGES, SHARED, Watch, open_page, overview_figures


@pytest.fixture(scope="module")
def stack():
    stack = Stack(replicas=2, debug_headers=True)
    yield stack
    stack.stop()


def get(url: str, encoding: str = "br, gzip", cookie: str | None = None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding, **({"Cookie": cookie} if cookie else {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


def upstreams_of(page) -> list[str]:
    """Collects the replica (X-Upstream) of every proxied response `page` gets from the
    network, the websocket's handshake included ("ws " before it). Static files come from
    nginx's disk and name none; responses from the browser's cache are left out. When nginx
    had to try a second replica, X-Upstream lists both: the last one answered."""
    seen: list[str] = []
    cached: set[str] = set()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")

    def upstream(headers) -> str | None:
        value = {k.lower(): v for k, v in headers.items()}.get("x-upstream")
        return value.split(",")[-1].strip() if value else None

    def response(event):
        if event["requestId"] in cached or event["response"].get("fromDiskCache"):
            return
        if address := upstream(event["response"]["headers"]):
            seen.append(address)

    def handshake(event):
        if address := upstream(event["response"]["headers"]):
            seen.append("ws " + address)

    cdp.on("Network.requestServedFromCache", lambda event: cached.add(event["requestId"]))
    cdp.on("Network.responseReceived", response)
    cdp.on("Network.webSocketHandshakeResponseReceived", handshake)
    return seen


def route_cookie(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "hmt_route")


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "Overview")
def test_every_page_draws_through_the_proxy(browser, stack, path):
    context, page, watch = open_page(browser, f"{stack.url}/{path}?{SHARED}")
    page.wait_for_selector(PAGES[path], state="attached", timeout=45_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    # A CSP violation would be a console error here: the policy lets the whole app run.
    watch.assert_clean()
    context.close()


def test_shared_link_opens_the_same_view_through_the_proxy(browser, stack):
    first, page, _ = open_page(browser, f"{stack.url}/?{SHARED}")
    figures = overview_figures(page)
    first.close()
    second, page, _ = open_page(browser, f"{stack.url}/?{SHARED}")
    assert overview_figures(page) == figures and "744" in figures  # the fixture data's Kenyan headcount
    open_filters(page)
    dates = page.locator('[data-testid="stDateInput"] input[type=date]')
    assert [dates.nth(i).input_value() for i in range(dates.count())] == ["2024-06-01", "2025-10-02"]
    assert "KEN" in page.locator('[data-testid="stMultiSelect"]').inner_text()
    second.close()


def test_a_filter_change_reruns_over_the_proxied_websocket(browser, stack):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch(page)
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws))
    page.goto(f"{stack.url}/Timeline?{SHARED}")
    page.wait_for_selector(PAGES["Timeline"], timeout=45_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    assert [ws.url for ws in sockets] == [f"{stack.url.replace('http', 'ws')}/_stcore/stream"]
    sent = []
    sockets[0].on("framesent", lambda frame: sent.append(frame))
    kenya = page.locator(PAGES["Timeline"]).count()
    open_filters(page)
    page.locator('[data-testid="stMultiSelect"] [aria-label*="Remove"]').first.click()
    page.wait_for_function(f"() => document.querySelectorAll('{PAGES['Timeline']}').length > {kenya}", timeout=30_000)
    page.wait_for_function("() => !location.search.includes('countries=')", timeout=30_000)
    assert sent, "the rerun was not asked for over the websocket"
    assert len(sockets) == 1 and not sockets[0].is_closed()
    watch.assert_clean()
    context.close()


def test_responses_are_compressed_cached_and_carry_the_security_headers(stack):
    status, headers, body = get(f"{stack.url}/Timeline?{SHARED}")
    assert status == 200 and headers["Content-Encoding"] == "br"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp and "connect-src 'self'" in csp
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "hmt_route=" in headers["Set-Cookie"] and "HttpOnly" in headers["Set-Cookie"]
    # Embed mode may be framed by other sites; the rest only by this one.
    _, embed, _ = get(f"{stack.url}/Timeline?embed=true")
    assert "frame-ancestors *" in embed["Content-Security-Policy"] and "X-Frame-Options" not in embed

    # Streamlit's content-hashed JavaScript: compressed (brotli, or gzip for a browser without
    # it), cached for a year; so is the vendored plotly.js under its content-hash URL.
    html = get(f"{stack.url}/", encoding="identity")[2].decode()
    script = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', html).group(1)
    for encoding in ("br", "gzip"):
        status, headers, body = get(f"{stack.url}/{script}", encoding=encoding)
        assert headers["Content-Encoding"] == encoding and headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["Content-Type"].startswith("application/javascript") and headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" not in headers  # page headers go on pages only
    raw = get(f"{stack.url}/{script}", encoding="identity")[2]
    assert len(body) < len(raw) / 2.5
    _, headers, _ = get(f"{stack.url}/app/static/vendor/{light_chart.PLOTLY_URL_FILE}")
    assert "?v=" in light_chart.PLOTLY_URL_FILE and headers["Content-Encoding"] == "br"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _, headers, _ = get(f"{stack.url}/app/static/vendor/{light_chart.PLOTLY_FILE}")  # no hash: revalidate
    assert headers["Cache-Control"] == "no-cache" and headers["ETag"]
    assert get(f"{stack.url}/healthz")[2] == b"ok"


CRAWLERS = ["facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "WhatsApp/2.23.20.0", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Twitterbot/1.0"]


@pytest.mark.parametrize("path, title", [("Timeline", "Timeline · Haiti Mission Tracker"), ("Pledges_and_deployments", "Pledges and deployments · Haiti Mission Tracker"), ("", "Haiti Mission Tracker")])
def test_a_crawler_reads_the_view_title_description_and_image(stack, path, title):
    import html as htmllib

    # As a link preview's crawler does: one GET, no scripts run.
    agent = CRAWLERS[len(path) % len(CRAWLERS)]
    request = urllib.request.Request(f"{stack.url}/{path}?{SHARED}", headers={"User-Agent": agent, "Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        import gzip

        raw = response.read()
        page = (gzip.decompress(raw) if response.headers.get("Content-Encoding") == "gzip" else raw).decode()
    tags = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', page))
    found_title = htmllib.unescape(re.search(r"<title>([^<]*)</title>", page).group(1))
    assert found_title.startswith(title) and "Streamlit" not in found_title
    assert page.count("<title>") == 1
    description = htmllib.unescape(tags["description"])
    assert 40 <= len(description) <= 200 and description == htmllib.unescape(tags["og:description"])
    assert tags["og:title"] and tags["twitter:card"] == "summary_large_image"
    assert tags["og:url"] == f"{stack.url}/{path}?{SHARED}".replace("&", "&amp;") or htmllib.unescape(tags["og:url"]) == f"{stack.url}/{path}?{SHARED}"
    image = tags["og:image"]
    assert image.startswith(f"{stack.url}/previews/") and image.endswith(".png") and tags["twitter:image"] == image
    status, headers, body = get(image)
    assert status == 200 and headers["Content-Type"] == "image/png" and body[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", body[16:24])
    assert (width, height) == (1200, 630)
    # Streamlit's inline script is untouched, so the CSP's hash still allows it.
    assert "Content-Security-Policy" in response.headers


def test_robots_txt_allows_the_pages(stack):
    status, headers, body = get(f"{stack.url}/robots.txt", encoding="identity")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    text = body.decode()
    assert "User-agent: *" in text and "Allow: /" in text


def test_a_reader_stays_on_one_replica(browser, stack):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = upstreams_of(page)
    page.goto(f"{stack.url}/Funding?{SHARED}")
    page.wait_for_selector(PAGES["Funding"], timeout=45_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    open_filters(page)
    box = page.locator('[data-testid="stMultiSelect"] input')
    for name, code in (("Jamaica", "JAM"), ("Belize", "BLZ")):  # two reruns
        box.click()
        box.fill(name)
        page.keyboard.press("Enter")
        page.wait_for_function("code => decodeURIComponent(location.search).includes(code)", arg=code, timeout=30_000)
        page.wait_for_selector(IDLE, timeout=30_000)
        page.keyboard.press("Escape")
    page.reload()  # a new websocket, the same reader
    page.wait_for_selector(PAGES["Funding"], timeout=45_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    replicas = {entry.removeprefix("ws ") for entry in seen}
    assert len([entry for entry in seen if entry.startswith("ws ")]) == 2, seen
    assert len(replicas) == 1 and replicas <= set(stack.replicas), seen
    # nginx's log agrees: every request with this reader's route went to that one replica.
    route = route_cookie(context)
    logged = {re.search(r"upstream=(\S+)", line).group(1) for line in stack.access_log() if f"route={route} " in line}
    assert logged - {"-"} == replicas, logged
    context.close()
    # And readers are spread: new readers (no cookie) land on both replicas.
    landed = {get(f"{stack.url}/")[1]["X-Upstream"] for _ in range(20)}
    assert landed == set(stack.replicas)


def test_when_a_replica_stops_a_new_visit_is_served_by_the_other(browser, stack):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = upstreams_of(page)
    page.goto(f"{stack.url}/Timeline?{SHARED}")
    page.wait_for_selector(PAGES["Timeline"], timeout=45_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    (mine,) = {entry.removeprefix("ws ") for entry in seen}
    other = next(address for address in stack.replicas if address != mine)
    page.close()
    stack.stop_replica(stack.replicas.index(mine) + 1)
    # The same reader (whose cookie still points at the stopped replica) comes back.
    page = context.new_page()
    watch = Watch(page)
    seen = upstreams_of(page)
    page.goto(f"{stack.url}/Timeline?{SHARED}")
    page.wait_for_selector(PAGES["Timeline"], timeout=45_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    assert {entry.removeprefix("ws ") for entry in seen} == {other}, seen
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Connection error" not in page.inner_text("body")
    watch.assert_clean()
    context.close()
    # And a new reader, too.
    fresh, page, watch = open_page(browser, f"{stack.url}/Map?{SHARED}")
    page.wait_for_selector(PAGES["Map"], state="attached", timeout=45_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    watch.assert_clean()
    fresh.close()
