"""The API's OpenAPI 3 document, generated from what the API serves (``api_data.RESOURCES``,
``api_data.EXTRA_ENDPOINTS``) and the link grammar's forms (``url_forms.FORMS``): nothing in
it is typed twice. Served at ``/api/v1/openapi.json``; validated and fuzzed in the tests.
"""

from __future__ import annotations

from components import api_data, url_forms, url_state
from components.i18n import LANGUAGES

API_PATH = "/api/v1"
DATE = r"^\d{4}-\d{2}-\d{2}$"
# Each view parameter as OpenAPI describes it: its schema beside its form in words.
PARAMETER_SCHEMAS = {
    url_state.FROM: {"type": "string", "pattern": DATE},
    url_state.TO: {"type": "string", "pattern": rf"^(\d{{4}}-\d{{2}}-\d{{2}}|{url_state.LATEST})$"},
    url_state.COUNTRIES: {"type": "string", "pattern": r"^[A-Za-z]{3}(,[A-Za-z]{3})*$"},
    url_state.LANG: {"type": "string", "enum": list(LANGUAGES)},
    url_state.TAB: {"type": "string", "enum": list(url_state.TABS)},
    url_state.VERSION: {"type": "string", "pattern": DATE},
    url_state.SCALE: {"type": "string", "enum": list(url_state.SCALES)},
    url_state.VALUES: {"type": "string", "enum": list(url_state.VALUE_MODES)},
}
PROBLEM = {
    "description": "A problem (RFC 9457)",
    "content": {
        "application/problem+json": {
            "schema": {
                "type": "object",
                "required": ["title", "status", "detail"],
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "invalid_params": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
                        },
                    },
                },
            }
        }
    },
}
ROWS = {
    "type": "object",
    "required": ["resource", "data_version", "as_of", "view", "count", "rows", "sources"],
    "properties": {
        "resource": {"type": "string"},
        "data_version": {"type": "string", "format": "date"},
        "as_of": {"type": "string", "format": "date"},
        "view": {"type": "object"},
        "page": {"type": "string", "nullable": True},
        "csv": {"type": "string"},
        "json": {"type": "string"},
        "notices": {"type": "array", "items": {"type": "string"}},
        "count": {"type": "integer"},
        "rows": {"type": "array", "items": {"type": "object"}},
        "sources": {"type": "object"},
    },
}


def _parameters() -> list[dict]:
    return [
        {"name": name, "in": "query", "required": False, "description": form, "schema": PARAMETER_SCHEMAS[name]}
        for name, form in url_forms.FORMS.items()
    ]


def _responses(media_type: str, schema: dict, description: str) -> dict:
    return {
        "200": {"description": description, "content": {media_type: {"schema": schema}}},
        "304": {"description": "Not modified (the ETag given in If-None-Match still holds)"},
        "400": PROBLEM,
        "404": PROBLEM,
        "405": PROBLEM,
        "414": PROBLEM,
        "503": PROBLEM,
    }


def _get(summary: str, media_type: str, schema: dict, description: str, operation_id: str) -> dict:
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "parameters": _parameters(),
            "responses": _responses(media_type, schema, description),
        }
    }


def _operation_id(path: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in path).strip("_") or "index"


def document(prefix: str = "") -> dict:
    """The OpenAPI 3.0 document of this API, served under ``prefix`` (``server.baseUrlPath``)."""
    any_object = {"type": "object"}
    index = _get("The index: the data version and every address", "application/json", any_object, "Index", "index")
    paths = {
        f"{API_PATH}/": index,
        f"{API_PATH}/openapi.json": _get("This document", "application/json", any_object, "OpenAPI 3", "openapi"),
    }
    for resource in api_data.RESOURCES.values():
        for kind, media_type, schema in (
            ("csv", "text/csv", {"type": "string"}),
            ("json", "application/json", ROWS),
        ):
            path = f"{API_PATH}/{resource.name}.{kind}"
            follows = ", ".join(resource.follows) or "nothing: the whole table"
            description = f"{resource.summary} ({kind.upper()}; the view's parameters it follows: {follows})"
            paths[path] = _get(resource.summary, media_type, schema, description, _operation_id(path))
    for endpoint in api_data.EXTRA_ENDPOINTS.values():
        path = f"{API_PATH}/{endpoint.path}"
        operation = _get(
            endpoint.summary, endpoint.media_type, {"type": "string"}, endpoint.summary, _operation_id(path)
        )
        if "{version}" in endpoint.path:  # the current data version only (the index names it)
            version = {"name": "version", "in": "path", "required": True, "schema": PARAMETER_SCHEMAS["v"]}
            operation["get"]["parameters"].append(version)
        paths[path] = operation
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Haiti Mission Tracker API",
            "version": "1",
            "description": (
                "The data behind the dashboard, in the dashboard's own link grammar: swap a page's "
                "address for an API address and keep the query. Data: CC BY 4.0."
            ),
            "license": {"name": "CC BY 4.0 (data)", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": prefix or "/"}],
        "paths": paths,
    }
