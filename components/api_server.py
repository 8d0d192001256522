"""The API's HTTP side: Starlette routes under ``<server.baseUrlPath>/api/v1/`` that ``app.py``
hands to Streamlit's ``App`` (one process serves the dashboard and the API). What each address
holds is ``components/api_data.py``; this module does HTTP:

- ``ETag`` from the served data's content hash, the path and the view's parameters; ``304``
  on a matching ``If-None-Match``; ``Cache-Control`` a shared proxy may keep;
- ``Access-Control-Allow-Origin: *`` (the data is public, no cookie is read);
- UTF-8 ``text/csv`` (formula-safe, ``components/export.py``) and ``application/json``, the
  CSV's file name carrying the data version;
- every refusal as ``application/problem+json`` (RFC 9457): 400 names the malformed parameter
  and its form, 404, 405, 414 for an oversized query, 503 when no data could be loaded. A
  refusal is built from this module's words and the grammar's names only: nothing of the
  request is echoed.

``EXTRA_ENDPOINTS`` (``api_data``) is the hook for more addresses (the data package, the feed):
a module appends to it and the routes, the index and the OpenAPI document list it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from components import (
    api_data,
    api_openapi,
    api_package,  # noqa: F401  (registers the data package, its zip and the feed)
    export,
    i18n,
    source_index,
    url_forms,
    url_state,
    views,
)
from components.data import DataError, Dataset, data_dir_from_env
from components.dataset_cache import current_dataset, served_hash

API_PATH = "/api/v1"
MAX_QUERY_BYTES = 2048  # no view's link comes near it (60 countries are 240 bytes)
# A shared proxy may keep an answer five minutes and serve it a minute longer while it asks
# again; the data changes a few times a week, and the ETag makes asking again cheap.
CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=60"
ALLOWED = "GET, HEAD, OPTIONS"
JSON_TYPE = "application/json; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8; header=present"
PROBLEM_TYPE = "application/problem+json; charset=utf-8"
FILE_STEM = "haiti-mission-tracker"
_LOG = logging.getLogger(__name__)
COMMON_HEADERS = {"Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff"}


def base_path() -> str:
    """Streamlit's ``server.baseUrlPath`` as a path prefix ("" or "/hmt")."""
    from streamlit import config  # the one Streamlit import: the API follows the server's prefix

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def routes(prefix: str | None = None) -> list[Route]:
    """The API's routes, under ``prefix`` (default: the server's ``baseUrlPath``). Every method
    reaches the handler, which answers 405 itself (as problem+json, with ``Allow``)."""
    prefix = base_path() if prefix is None else prefix
    methods = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]

    async def handle(request: Request) -> Response:
        return await _handle(request, prefix)

    async def elsewhere(request: Request) -> Response:  # /api/v2/..., /api/: not Streamlit's page shell
        return _not_found(prefix)

    return [
        Route(f"{prefix}{API_PATH}", handle, methods=methods),
        Route(f"{prefix}{API_PATH}/{{rest:path}}", handle, methods=methods),
        Route(f"{prefix}/api", elsewhere, methods=methods),
        Route(f"{prefix}/api/{{rest:path}}", elsewhere, methods=methods),
    ]


def standalone(prefix: str = "") -> Starlette:
    """The API alone, without the dashboard (tests, the benchmark)."""
    return Starlette(routes=routes(prefix))


# ---------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------
def problem(status: int, title: str, detail: str, headers: Mapping[str, str] | None = None, **more) -> Response:
    """An RFC 9457 problem: ``title`` and ``detail`` are this module's own words."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **more}
    return Response(
        json.dumps(body, ensure_ascii=False),
        status,
        headers={**COMMON_HEADERS, "Cache-Control": "no-store", **(headers or {})},
        media_type=PROBLEM_TYPE,
    )


def _bad_parameters(names: list[str]) -> Response:
    invalid = [{"name": name, "reason": f"expected {url_forms.FORMS[name]}"} for name in names]
    detail = "; ".join(f"'{p['name']}' takes {url_forms.FORMS[p['name']]}" for p in invalid)
    return problem(400, "Malformed parameter", detail + ".", invalid_params=invalid)


def _not_found(prefix: str) -> Response:
    return problem(404, "Not found", f"No such address in this API; {prefix}{API_PATH}/ lists them all.")


async def _handle(request: Request, prefix: str) -> Response:
    if request.method == "OPTIONS":
        headers = {**COMMON_HEADERS, "Allow": ALLOWED, "Access-Control-Allow-Methods": ALLOWED}
        return Response(status_code=204, headers={**headers, "Access-Control-Max-Age": "86400"})
    if request.method not in ("GET", "HEAD"):
        return problem(405, "Method not allowed", f"This API only reads: {ALLOWED}.", {"Allow": ALLOWED})
    if len(request.scope.get("query_string", b"")) > MAX_QUERY_BYTES:
        return problem(414, "Query too long", f"A query of this API holds at most {MAX_QUERY_BYTES} bytes.")
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    rest, if_none_match = request.path_params.get("rest", ""), request.headers.get("if-none-match", "")
    return await run_in_threadpool(answer, rest, params, if_none_match, prefix)


def answer(rest: str, params: Mapping[str, Sequence[str]], if_none_match: str = "", prefix: str = "") -> Response:
    """The answer to ``GET <prefix>/api/v1/<rest>?<params>`` (the work, off the event loop)."""
    try:
        data_dir = str(data_dir_from_env())
        ds = current_dataset(data_dir)
    except DataError:
        return problem(503, "Data unavailable", "The data could not be loaded; the operator has been told.")
    try:
        return _answer(ds, served_hash(data_dir), rest, params, if_none_match, prefix)
    except api_data.BadParameters as error:
        return _bad_parameters(error.names)
    except Exception:  # never a traceback to a client; the log has it
        _LOG.exception("API answer failed")
        return problem(500, "Internal error", "This answer could not be built; the operator has been told.")


def _answer(ds: Dataset, content: str, rest: str, params, if_none_match: str, prefix: str) -> Response:
    version = views.data_version(ds).isoformat()
    name, dot, kind = rest.rpartition(".")
    endpoint = api_data.endpoint_at(rest, version)
    resource = api_data.RESOURCES.get(name) if dot and kind in ("csv", "json") else None
    if not (rest in ("", "index.json", "openapi.json") or endpoint or resource):
        return _not_found(prefix)
    state, notices = api_data.read_view(ds, params)
    tag = _etag(content, rest, url_state.migrate(params), prefix)
    headers = {**COMMON_HEADERS, "Cache-Control": CACHE_CONTROL, "ETag": tag}
    if _matches(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    if rest == "openapi.json":
        return _json(api_openapi.document(prefix), headers)
    if endpoint:
        if endpoint.file_name:
            headers["Content-Disposition"] = f'attachment; filename="{endpoint.file_name.format(version=version)}"'
        return Response(endpoint.build(ds, state, prefix), headers=headers, media_type=endpoint.media_type)
    if resource is None:
        return _json(index(ds, prefix), headers)
    with i18n.language(state.lang):
        frame = resource.rows(ds, state)
        extra = api_data.overview_extra(ds, state) if resource.name == "figures/overview" else {}
    stem = f"{FILE_STEM}_{resource.name.replace('/', '-')}_{version}"
    sources = source_index.source_lookup(ds) if "source_ids" in frame.columns else None
    if kind == "csv":
        headers["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return Response(export.csv_bytes(api_data.for_csv(frame), sources), headers=headers, media_type=CSV_TYPE)
    headers["Content-Disposition"] = f'inline; filename="{stem}.json"'
    body = {
        **view_header(ds, state, resource, prefix),
        "notices": notices,
        **extra,
        "count": len(frame),
        "rows": api_data.records(frame),
        "sources": _cited(sources, frame) if sources else {},
    }
    return _json(body, headers)


def view_header(ds: Dataset, state, resource: api_data.Resource, prefix: str) -> dict:
    """What the rows are: the resource, the data's version and date, the view, and the
    dashboard page and CSV that show the same view."""
    bounds = views.view_bounds(ds)
    query = url_state.query_string(state, bounds)
    suffix = f"?{query}" if query else ""
    view = {"from": state.start.isoformat(), "to": state.end.isoformat(), "countries": list(state.countries)}
    return {
        "resource": resource.name,
        "description": resource.summary,
        "data_version": views.data_version(ds).isoformat(),
        "as_of": f"{ds.as_of:%Y-%m-%d}",
        "view": {**view, "lang": state.lang, "follows": list(resource.follows)},
        "page": f"{prefix}{resource.page}{suffix}" if resource.page else None,
        "csv": f"{prefix}{API_PATH}/{resource.name}.csv{suffix}",
        "json": f"{prefix}{API_PATH}/{resource.name}.json{suffix}",
    }


def index(ds: Dataset, prefix: str) -> dict:
    """``/api/v1/``: the data's version and every address, with the view parameters' forms."""
    api = f"{prefix}{API_PATH}"
    return {
        "name": "Haiti Mission Tracker API",
        "version": "v1",
        "data_version": views.data_version(ds).isoformat(),
        "as_of": f"{ds.as_of:%Y-%m-%d}",
        "licence": "Data: CC BY 4.0; cite the dashboard and the sources each row names.",
        "openapi": f"{api}/openapi.json",
        "parameters": dict(url_forms.FORMS),
        "resources": [
            {
                "name": r.name,
                "description": r.summary,
                "follows": list(r.follows),
                "csv": f"{api}/{r.name}.csv",
                "json": f"{api}/{r.name}.json",
            }
            for r in api_data.RESOURCES.values()
        ],
        "more": [
            {"path": f"{api}/{e.path.format(version=views.data_version(ds).isoformat())}", "description": e.summary}
            for e in api_data.EXTRA_ENDPOINTS.values()
        ],
    }


def _cited(lookup: dict[str, dict], frame) -> dict[str, dict]:
    ids = dict.fromkeys(s for ids in frame["source_ids"] for s in ids if s in lookup)
    return {s: {key: api_data.plain(lookup[s][key]) for key in ("publisher", "title", "url", "published")} for s in ids}


def _json(body: dict, headers: dict) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), headers=headers, media_type=JSON_TYPE)


def _etag(content: str, rest: str, grammar: Mapping[str, list[str]], prefix: str) -> str:
    """The same on every replica serving the same data: the data's content hash, the address
    and the view's parameters (others, like ``utm_source``, change nothing)."""
    key = json.dumps([content, prefix, rest, sorted(grammar.items())])
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _matches(if_none_match: str, tag: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or tag in tags
