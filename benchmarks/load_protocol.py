"""The load benchmark's light client: readers that speak Streamlit's own websocket protocol.

``python -m benchmarks.load --client protocol`` (the default) runs its readers with this module
instead of Chromium contexts, so that 50 readers cost the client a fraction of a core and the
stack, not the browser, is what is measured. A reader does what the browser does on the wire:

1. GETs the page (nginx's answer sets the ``hmt_route`` cookie, the reader's replica affinity),
   then ``/_stcore/health`` and ``/_stcore/host-config`` as Streamlit's frontend does;
2. opens ``/_stcore/stream`` with those cookies, the site's ``Origin`` and the subprotocol header
   the frontend sends (``streamlit``, then the XSRF token and, on a reconnect, the old session id);
3. sends ``BackMsg.rerun_script`` (a ``ClientState`` with the page's name, the view's query
   string and the context the frontend reports) and reads ``ForwardMsg``s until
   ``script_finished``.

An action is a run for another view: another page, a country added or removed, the other tab,
sent as the view's query string (the URL is the view's contract, components/url_state.py: a
query string with view params wins over the session's state). It is timed from the send to
``script_finished`` and checked: the run finished successfully, showed no exception element, is
the page asked for, and its share link names the countries and tab asked for (the page's own
statement of the view it drew). Anything else is an error, as is no ``script_finished`` within
the timeout. A socket that closes (a replica restarting) is reconnected through the proxy, as
the browser does, and the interrupted view is asked for again by its URL; the interruption
counts as redone only if the reader's *next* action then applies, and as lost otherwise.

Nothing here draws anything: the browser's work (plotly, deck.gl, layout) is not done, so
these times are the server's and the network's share of what a reader waits for.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import http.cookies
import json
import random
import time
import urllib.parse
import urllib.request

from components import site

COUNTRY_CODES = ("KEN", "JAM", "GTM", "SLV", "BHS", "BEN", "TCD", "BLZ")
ROUTES = tuple(page.route for page in site.PAGES)
TABBED = tuple(page.route for page in site.PAGES if page.tabbed)
DEFAULT_PAGE_PATH = site.PAGES[0].url_path  # Streamlit names the default page by its url_path too
RUN_TIMEOUT_S = 60.0  # for one run, from the send to script_finished
RECONNECT_TRIES = 20  # a reconnect is retried every 0.5 s, as the frontend retries with backoff
SHARE_LINK_COMPONENT = "hmt_share_link"


@dataclasses.dataclass(frozen=True)
class View:
    """What a reader looks at: the page (its route, "" for the default page), the countries and
    the tab. The dates stay at their defaults."""

    route: str
    countries: tuple[str, ...] = ("KEN",)
    tab: str = "chart"

    def query_string(self) -> str:
        params = {"countries": ",".join(sorted(self.countries))}
        if self.tab == "table":
            params["tab"] = "table"
        return urllib.parse.urlencode(params, safe=",")

    def path(self) -> str:
        return f"/{self.route}?{self.query_string()}"


def next_action(view: View, rng: random.Random) -> tuple[str, View]:
    """The reader's next action, as the Chromium client picks it: another page, a country added
    or removed (at least one stays: a query string without view params would mean the session's
    view, not a new one), or, on a page with tabs, the other tab."""
    kind = rng.choice(["page", "page", "country", "country"] + (["tab"] if view.route in TABBED else []))
    if kind == "page":
        return "switch page", dataclasses.replace(view, route=rng.choice([r for r in ROUTES if r != view.route]))
    if kind == "country":
        chosen = list(view.countries)
        if len(chosen) >= 3 or (len(chosen) >= 2 and rng.random() < 0.4):
            chosen.remove(rng.choice(chosen))
        else:
            chosen.append(rng.choice([code for code in COUNTRY_CODES if code not in chosen]))
        return "change countries", dataclasses.replace(view, countries=tuple(sorted(chosen)))
    return "switch tab", dataclasses.replace(view, tab="chart" if view.tab == "table" else "table")


def rerun_message(view: View, base: str) -> bytes:
    """The ``BackMsg`` the frontend sends to run the page for ``view`` (a first load, a reload,
    a link followed): the page by name, the view's query string, the browser's context."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    state = message.rerun_script
    state.query_string = view.query_string()
    state.page_name = view.route
    state.context_info.timezone = "UTC"
    state.context_info.timezone_offset = 0
    state.context_info.locale = "en-US"
    state.context_info.url = base + view.path()
    state.context_info.is_embedded = False
    state.context_info.color_scheme = "light"
    return message.SerializeToString()


@dataclasses.dataclass
class RunResult:
    """What a run sent back, as far as the checks need it."""

    status: int | None = None  # ForwardMsg.ScriptFinishedStatus, None until script_finished
    exceptions: list[str] = dataclasses.field(default_factory=list)
    page_hash: str = ""
    pages: dict[str, str] = dataclasses.field(default_factory=dict)  # page_script_hash -> url_pathname
    shown_query: str | None = None  # the view the page's share link names
    session_id: str = ""
    messages: int = 0
    received_bytes: int = 0

    def take(self, data: bytes) -> bool:
        """Reads one ``ForwardMsg``; True when it ends the run."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = ForwardMsg()
        message.ParseFromString(data)
        self.messages += 1
        self.received_bytes += len(data)
        kind = message.WhichOneof("type")
        if kind == "new_session" and message.new_session.initialize.session_id:
            self.session_id = message.new_session.initialize.session_id
        elif kind == "navigation":
            self.page_hash = message.navigation.page_script_hash
            self.pages.update({page.page_script_hash: page.url_pathname for page in message.navigation.app_pages})
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            shown = element.WhichOneof("type")
            if shown == "exception":
                self.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:160])
            elif shown == "bidi_component" and element.bidi_component.component_name == SHARE_LINK_COMPONENT:
                self.shown_query = _share_link_query(element.bidi_component.json)
        elif kind == "script_finished":
            self.status = message.script_finished
            return True
        return False


def _share_link_query(data: str) -> str | None:
    try:
        return urllib.parse.urlsplit(json.loads(data)["links"][0]["url"]).query  # absolute, or "?..." alone
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def problem(result: RunResult, view: View) -> str | None:
    """Why ``result`` is not ``view`` drawn, or None when it is."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if result.status is None:
        return "no script_finished"
    if result.status != ForwardMsg.FINISHED_SUCCESSFULLY:
        return f"run finished with {ForwardMsg.ScriptFinishedStatus.Name(result.status)}"
    if result.exceptions:
        return f"exception shown: {result.exceptions[0]}"
    drawn = result.pages.get(result.page_hash)
    if drawn not in ({view.route} | ({DEFAULT_PAGE_PATH} if view.route == "" else set())):
        return f"asked for /{view.route}, the run drew {drawn!r}"
    if result.shown_query is not None:
        shown = urllib.parse.parse_qs(result.shown_query)
        countries = tuple(sorted(",".join(shown.get("countries", [])).split(","))) if "countries" in shown else ()
        if countries != tuple(sorted(view.countries)):
            return f"asked for countries {','.join(view.countries)}, the page shows {','.join(countries) or 'all'}"
        if view.route in TABBED and shown.get("tab", ["chart"])[0] != view.tab:
            return f"asked for the {view.tab} tab, the page shows the other"
    return None


@dataclasses.dataclass
class ActionRecord:
    """One action: when it started and ended (seconds since the run's start) and how it went:
    ``applied``, ``error``, ``redone`` (its socket closed, the reader reconnected, redid the view
    and its next action applied), ``unchecked`` (redone, but the next action was cut by a closed
    socket too, so whether it would have applied is not known) or ``lost`` (the view did not
    come back, or the next action did not apply)."""

    name: str
    start: float
    end: float
    outcome: str


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: list[str] = []
        self.actions = 0
        self.records: list[ActionRecord] = []
        self.reconnects = 0
        self.received_bytes = 0


class SocketClosed(Exception):
    """The reader's websocket closed (or could not be opened)."""


class Reader:
    """One simulated reader: its cookies (the route cookie among them) and its websocket."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.socket = None
        self.session_id = ""

    def _get(self, path: str) -> int:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
        headers = {"Cookie": self._cookie_header()} if self.cookies else {}
        with opener.open(urllib.request.Request(self.base + path, headers=headers), timeout=RUN_TIMEOUT_S) as answer:
            for header in answer.headers.get_all("Set-Cookie") or []:
                cookie = http.cookies.SimpleCookie()
                cookie.load(header)
                self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
            answer.read()
            return answer.status

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    async def open_page(self, view: View) -> None:
        """The page's HTML, then what the frontend asks before it opens its websocket."""
        for path in (view.path(), "/_stcore/health", "/_stcore/host-config"):
            await asyncio.to_thread(self._get, path)
        await self.connect()

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        # The frontend's subprotocol header: "streamlit", the XSRF token, the session to resume.
        offered = ["streamlit"]
        if self.cookies.get("_streamlit_xsrf") or self.session_id:
            offered.append(self.cookies.get("_streamlit_xsrf") or "none")
        if self.session_id:
            offered.append(self.session_id)
        headers = {"Cookie": self._cookie_header()} if self.cookies else {}
        try:
            self.socket = await connect(
                self.base.replace("http", "ws", 1) + "/_stcore/stream",
                origin=self.base,
                subprotocols=offered,
                additional_headers=headers,
                max_size=None,
                proxy=None,
                open_timeout=RUN_TIMEOUT_S,
                ping_interval=None,
            )
        except Exception as error:  # (refused, a 502 or 503 answer, a timeout: all the same here)
            raise SocketClosed(f"websocket not opened: {type(error).__name__}") from error

    async def run(self, view: View) -> RunResult:
        """Asks for ``view`` and reads until ``script_finished``; raises SocketClosed when the
        socket closes, asyncio.TimeoutError after RUN_TIMEOUT_S."""
        from websockets.exceptions import ConnectionClosed

        result = RunResult()
        try:
            await self.socket.send(rerun_message(view, self.base))
            async with asyncio.timeout(RUN_TIMEOUT_S):
                while not result.take(await self.socket.recv()):
                    pass
        except ConnectionClosed as error:
            raise SocketClosed(f"websocket closed ({error.rcvd.code if error.rcvd else 'no close frame'})") from error
        self.session_id = result.session_id or self.session_id
        return result

    async def reconnect(self) -> None:
        """A new websocket through the proxy with the same cookies, as the browser reconnects:
        it asks ``/_stcore/health`` until it answers, then opens the socket."""
        if self.socket is not None:
            await self.socket.close()
        for _ in range(RECONNECT_TRIES):
            try:
                await asyncio.to_thread(self._get, "/_stcore/health")
                await self.connect()
                return
            except (SocketClosed, OSError):
                await asyncio.sleep(0.5)
        raise SocketClosed(f"no websocket after {RECONNECT_TRIES} tries")

    async def recover(self, view: View) -> RunResult:
        """Reconnects and asks for ``view`` again, as the browser's tab does after its socket
        closed (rerun_on_reconnect.js); again if the new socket closes too (it reached a replica
        that was shutting down, which closes it at once)."""
        for _ in range(RECONNECT_TRIES):
            await self.reconnect()
            try:
                return await self.run(view)
            except SocketClosed:
                await asyncio.sleep(0.5)
        raise SocketClosed(f"the view not redone after {RECONNECT_TRIES} reconnects")

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


async def reader(
    base: str, delay: float, seconds: float, stats: Stats, seed: int, clock, closed_is_error: bool = True
) -> None:
    """One reader: arrives after ``delay``, opens a page, then acts without pause for ``seconds``.
    ``clock`` gives the seconds since the run's start. With ``closed_is_error`` (no restart
    planned), a socket that closes is an error even when the reader recovers."""
    rng = random.Random(seed)
    await asyncio.sleep(delay)
    client = Reader(base)
    view = View(rng.choice(ROUTES))
    try:
        started = time.perf_counter()
        await client.open_page(view)
        result = await client.run(view)
        stats.received_bytes += result.received_bytes
        if reason := problem(result, view):
            stats.errors.append(f"open a page: {reason}")
        else:
            stats.times["open a page"].append(time.perf_counter() - started)
    except (SocketClosed, OSError, TimeoutError) as error:
        stats.errors.append(f"open a page: {type(error).__name__}: {str(error)[:160]}")
        await client.close()
        return
    interrupted: ActionRecord | None = None  # an action cut by a closed socket, redone after reconnecting
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        name, target = next_action(view, rng)
        record = ActionRecord(name, clock(), 0.0, "applied")
        started = time.perf_counter()
        try:
            result = await client.run(target)
            stats.received_bytes += result.received_bytes
            reason = problem(result, target)
        except TimeoutError:
            reason = f"no script_finished within {RUN_TIMEOUT_S:.0f} s"
            with contextlib.suppress(SocketClosed):  # a fresh socket: the late run's messages would end the next one
                await client.reconnect()
        except SocketClosed as closed:
            record.end, record.outcome = clock(), "lost"
            stats.records.append(record)
            if interrupted is not None:  # its view came back, but the action after it was cut too
                interrupted.outcome = "unchecked"
            interrupted = record
            stats.reconnects += 1
            if closed_is_error:
                stats.errors.append(f"{name}: {closed}")
            try:  # the browser reconnects and (rerun_on_reconnect.js) asks for the view again
                redo = await client.recover(target)
                stats.received_bytes += redo.received_bytes
                if reason := problem(redo, target):
                    stats.errors.append(f"redo after reconnect: {reason}")
                    interrupted = None  # lost: the view did not come back
            except (SocketClosed, TimeoutError) as error:
                stats.errors.append(f"reconnect after {closed}: {type(error).__name__}: {str(error)[:120]}")
                interrupted = None
            view = target
            continue
        record.end = clock()
        if reason:
            stats.errors.append(f"{name}: {reason}")
            record.outcome = "error"
        else:
            stats.times[name].append(time.perf_counter() - started)
            stats.actions += 1
        if interrupted is not None:
            interrupted.outcome = "redone" if not reason else "lost"
            interrupted = None
        stats.records.append(record)
        view = target
    if interrupted is not None:  # the time was up right after the redo, which applied
        interrupted.outcome = "redone"
    await client.close()


def outcomes(records: list[ActionRecord], window: tuple[float, float] | None = None) -> collections.Counter:
    """How the actions went; with ``window``, only those that overlapped it (started before it
    ended and ended after it started)."""
    chosen = records if window is None else [r for r in records if r.start <= window[1] and r.end >= window[0]]
    return collections.Counter(record.outcome for record in chosen)
