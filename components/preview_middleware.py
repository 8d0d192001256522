"""Link previews served by the app itself (``st.App``): a middleware that writes each page's
title, description, Open Graph and Twitter card tags (``components/previews.py``) into the
index.html Streamlit serves for a page's path, and the routes of the preview images, the
sitemap and robots.txt. A crawler's one request, without scripts, gets the view's preview,
wherever the app runs (``streamlit run``, Community Cloud, behind deploy/'s nginx).

    app = st.App("...", routes=[*preview_routes()], middleware=PREVIEW_MIDDLEWARE)

Addresses are written from the public origin (``configured_origin``), never from the request's
Host header: ``PUBLIC_ORIGIN`` (an environment variable; on Community Cloud a top-level secret,
which Streamlit exports as one when it starts), else ``browser.serverAddress`` and
``browser.serverPort`` from Streamlit's configuration (``.streamlit/config.toml``:
http://localhost:8501 as committed, right for ``streamlit run`` on one's own machine).
"""

from __future__ import annotations

import collections
import contextlib
import gzip
import logging
import os
import threading

import anyio
import streamlit as st
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from components import i18n, previews
from components.data import DataError, Dataset, data_dir_from_env
from components.dataset_cache import current_dataset

_LOG = logging.getLogger(__name__)
ORIGIN_ENV = "PUBLIC_ORIGIN"
# Paths that are never a page (Streamlit's own, the app's static files, these routes, the API).
NOT_PAGES = ("_stcore/", "static/", "app/", "media/", "component/", "previews/", "api/")
# Asked of Streamlit without: the page must come back whole and uncompressed to be rewritten.
REQUEST_HEADERS_DROPPED = {b"accept-encoding", b"range", b"if-range", b"if-none-match", b"if-modified-since"}
RESPONSE_HEADERS_DROPPED = {b"content-length", b"etag", b"last-modified", b"accept-ranges"}
STREAMLIT_TITLE = b"<title>Streamlit</title>"
CACHE_SIZE = 256  # previews kept per process (per page, view and language)
IMAGE_CACHE = "public, max-age=86400"
LIST_CACHE = "public, max-age=3600"


def configured_origin() -> str:
    """The public origin: ``PUBLIC_ORIGIN``, else Streamlit's browser.serverAddress and
    browser.serverPort (https on port 443). Raises ValueError for a malformed setting."""
    setting = os.environ.get(ORIGIN_ENV, "").strip()
    if setting:
        return previews.public_origin(setting)
    host = str(st.get_option("browser.serverAddress") or "localhost")
    port = int(st.get_option("browser.serverPort") or st.get_option("server.port") or 8501)
    return previews.public_origin(f"{'https' if port == 443 else 'http'}://{host}:{port}")


def base_path() -> str:
    """Streamlit's server.baseUrlPath, without slashes ("" when the app is at the root)."""
    return str(st.get_option("server.baseUrlPath") or "").strip("/")


def page_route(path: str, base: str) -> str | None:
    """The route of a request path that may be a page (the path after the base, no slashes);
    None for a path outside the base, under Streamlit's or the app's own prefixes, or a file."""
    prefix = f"/{base}" if base else ""
    if path != prefix and not path.startswith(prefix + "/"):
        return None
    route = path[len(prefix) :].lstrip("/")
    if route.startswith(NOT_PAGES) or "." in route.rsplit("/", 1)[-1]:
        return None
    return route


class PreviewCache:
    """Head tags per (site root, route, query), for the dataset being served: dropped as a
    whole when the dataset changes, the oldest dropped first beyond CACHE_SIZE."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dataset: Dataset | None = None
        self._heads: collections.OrderedDict[tuple[str, str, str], tuple[str, str]] = collections.OrderedDict()

    def head(self, root: str, route: str, query: str) -> tuple[str, str]:
        """The tags and the language of the page at ``route`` for the view ``query`` asks for."""
        ds = current_dataset(str(data_dir_from_env()))
        key = (root, route, query)
        with self._lock:
            if ds is not self._dataset:
                self._dataset, self._heads = ds, collections.OrderedDict()
            if key in self._heads:
                self._heads.move_to_end(key)
                return self._heads[key]
        head = previews.page_head(ds, root, previews.page_for_route(route), query)
        value = (previews.head_html(head), head.lang)
        with self._lock:
            self._heads[key] = value
            while len(self._heads) > CACHE_SIZE:
                self._heads.popitem(last=False)
        return value


CACHE = PreviewCache()


def rewrite(page: bytes, tags: str, lang: str) -> bytes:
    """Streamlit's index.html with the tags in place of its title and the view's language."""
    if STREAMLIT_TITLE not in page:
        return page
    page = page.replace(STREAMLIT_TITLE, tags.encode("utf-8"), 1)
    return page.replace(b'<html lang="en">', f'<html lang="{lang}">'.encode(), 1)


def _warm_up() -> None:
    with contextlib.suppress(DataError):  # the page says why
        current_dataset(str(data_dir_from_env()))


class PreviewMiddleware:
    """Writes the preview of the view a page's address names into the index.html Streamlit
    serves there (GET and HEAD). Anything else passes through untouched; so does the page if
    its preview cannot be made (data that does not load: the page itself says why)."""

    def __init__(self, app, origin: str | None = None) -> None:
        self.app = app
        # A fixed origin, or None: the setting, read at each page (Streamlit exports the secrets
        # as environment variables after the app is built). A malformed setting fails the start.
        self.origin = previews.public_origin(origin) if origin else None
        configured_origin()
        # The dataset loads while the server starts, not on the first reader's request for a page.
        threading.Thread(target=_warm_up, name="hmt-preview-warm-up", daemon=True).start()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        base = base_path()
        route = page_route(scope["path"], base)
        if route is None:
            await self.app(scope, receive, send)
            return
        head_only = scope["method"] == "HEAD"
        accepts_gzip = b"gzip" in Headers(scope=scope).get("accept-encoding", "").encode()
        inner = dict(
            scope,
            method="GET",
            headers=[(name, value) for name, value in scope["headers"] if name.lower() not in REQUEST_HEADERS_DROPPED],
            extensions={k: v for k, v in (scope.get("extensions") or {}).items() if k != "http.response.pathsend"},
        )
        query = scope.get("query_string", b"").decode("latin-1")
        held: dict = {}
        chunks: list[bytes] = []

        async def send_rewritten(message) -> None:
            if message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                is_page = message["status"] == 200 and headers.get("content-type", "").startswith("text/html")
                if is_page and "content-encoding" not in headers:
                    held["start"] = message
                    return
                await send(message)
                return
            if "start" not in held or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            try:
                root = previews.site_root(self.origin or configured_origin(), base)
                tags, lang = await anyio.to_thread.run_sync(CACHE.head, root, route, query)
                body = rewrite(body, tags, lang)
            except DataError:
                pass
            except Exception:  # a preview must never cost the reader the page
                _LOG.exception("no link preview for %s?%s", route, query[:200])
            start = held["start"]
            headers = [(n, v) for n, v in start["headers"] if n.lower() not in RESPONSE_HEADERS_DROPPED]
            if accepts_gzip:  # as Streamlit would have sent it (behind deploy/'s nginx: never asked)
                body = gzip.compress(body, compresslevel=6)
                headers.append((b"content-encoding", b"gzip"))
            headers.append((b"content-length", str(len(body)).encode()))
            if not any(name.lower() == b"vary" for name, _value in headers):
                headers.append((b"vary", b"Accept-Encoding"))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": b"" if head_only else body})

        await self.app(inner, receive, send_rewritten)


# --- Routes -------------------------------------------------------------------------------


def _root() -> str:
    return previews.site_root(configured_origin(), base_path())


def _dataset() -> Dataset:
    return current_dataset(str(data_dir_from_env()))


async def robots(_request: Request) -> Response:
    return PlainTextResponse(previews.robots_txt(_root()), headers={"Cache-Control": LIST_CACHE})


async def sitemap(_request: Request) -> Response:
    def build() -> str:
        with i18n.language(i18n.DEFAULT_LANGUAGE):
            return previews.sitemap_xml(_dataset(), _root())

    text = await anyio.to_thread.run_sync(build)
    return Response(text, media_type="application/xml; charset=utf-8", headers={"Cache-Control": LIST_CACHE})


async def preview_image(request: Request) -> Response:
    slug = request.path_params["slug"]
    if slug not in previews.IMAGE_SLUGS.values():
        return PlainTextResponse("Not found", status_code=404)
    return FileResponse(
        previews.IMAGE_FOLDER / f"{slug}.png", media_type="image/png", headers={"Cache-Control": IMAGE_CACHE}
    )


def preview_routes(base: str | None = None) -> list[Route]:
    """robots.txt, sitemap.xml and /previews/<page>.png, under ``base`` (default: Streamlit's
    server.baseUrlPath, read when called, so call it after the configuration is loaded: in the
    module that ``streamlit run`` starts, it is)."""
    base = base_path() if base is None else base.strip("/")
    prefix = f"/{base}" if base else ""
    return [
        Route(f"{prefix}/robots.txt", robots, methods=["GET", "HEAD"]),
        Route(f"{prefix}/sitemap.xml", sitemap, methods=["GET", "HEAD"]),
        Route(f"{prefix}/previews/{{slug}}.png", preview_image, methods=["GET", "HEAD"]),
    ]


PREVIEW_MIDDLEWARE = [Middleware(PreviewMiddleware)]
