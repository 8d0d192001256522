"""The data API (/api/v1/, components/api_server.py) on a real HTTP server (uvicorn on a
loopback port, the API alone, over the fixture data): every table and figure in CSV and JSON,
HTTP done right, every refusal a problem+json, the OpenAPI document valid and fuzzed; and each
page's figures equal its API view for the same link (AppTest)."""

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.request

import pytest
import uvicorn
from hypothesis import HealthCheck, given, settings
from streamlit.testing.v1 import AppTest

from browser_kit import free_port
from components import api_data, api_openapi, api_server, url_forms
from tests.test_pages import DATA_VERSION, ROOT, SHARED

TABLES = ("events", "contributions", "funding", "strength", "trust_fund", "disputes", "sources", "countries", "phases")


@pytest.fixture(scope="module")
def api():
    """The base URL of the API served alone by uvicorn in a thread (stopped after the module)."""
    config = uvicorn.Config(api_server.standalone(), host="127.0.0.1", port=free_port(), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{config.port}/api/v1"
    server.should_exit = True
    thread.join(10)


def get(url: str, method: str = "GET", headers: dict | None = None):
    """(status, headers, body) of a request, refusals included."""
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get_json(url: str) -> dict:
    status, _headers, body = get(url)
    assert status == 200, body
    return json.loads(body)


def query(params: dict) -> str:
    return "&".join(f"{key}={value}" for key, value in params.items())


# ---------------------------------------------------------------------------------------
# Every address
# ---------------------------------------------------------------------------------------
def test_every_table_of_data_is_served(api):
    index = get_json(f"{api}/")
    assert index["data_version"] == DATA_VERSION
    names = {resource["name"] for resource in index["resources"]}
    assert set(TABLES) | {"glossary"} <= names
    assert {"figures/pledges", "figures/donors", "figures/headcount", "figures/overview"} <= names
    assert get_json(f"{api}")["resources"] == index["resources"]


@pytest.mark.parametrize("name", list(api_data.RESOURCES))
def test_each_resource_in_csv_and_json_with_http_done_right(api, name):
    status, headers, body = get(f"{api}/{name}.csv?{query(SHARED)}")
    assert status == 200
    assert headers["Content-Type"] == "text/csv; charset=utf-8; header=present"
    stem = name.replace("/", "-")
    assert headers["Content-Disposition"] == f'attachment; filename="haiti-mission-tracker_{stem}_{DATA_VERSION}.csv"'
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "public" in headers["Cache-Control"] and "max-age=" in headers["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    document = get_json(f"{api}/{name}.json?{query(SHARED)}")
    assert document["count"] == len(rows) == len(document["rows"])
    assert document["data_version"] == DATA_VERSION
    assert document["view"]["from"] == SHARED["from"] and document["view"]["to"] == SHARED["to"]
    for row in document["rows"]:
        for source_id in row.get("source_ids") or []:
            assert source_id in document["sources"]


def test_an_etag_answers_304_and_follows_the_view(api):
    url = f"{api}/events.json?countries=KEN"
    _status, headers, _body = get(url)
    tag = headers["ETag"]
    status, again, body = get(url, headers={"If-None-Match": tag})
    assert status == 304 and body == b"" and again["ETag"] == tag
    assert get(f"{api}/events.json?countries=KEN&utm_source=x")[1]["ETag"] == tag  # outside the grammar: the same view
    assert get(f"{api}/events.json?countries=JAM")[1]["ETag"] != tag
    assert get(url, headers={"If-None-Match": '"other"'})[0] == 200


def test_a_view_filters_as_the_page_link_does(api):
    everything = get_json(f"{api}/contributions.json")["rows"]
    kenya = get_json(f"{api}/contributions.json?{query(SHARED)}")["rows"]
    assert kenya and len(kenya) < len(everything)
    assert {row["country"] for row in kenya} == {"KEN"}
    assert all(SHARED["from"] <= row["date"] <= SHARED["to"] for row in kenya)
    french = get_json(f"{api}/events.json?lang=fr")
    english = get_json(f"{api}/events.json")
    assert [r["title_fr"] or r["title"] for r in french["rows"]][:3] != [r["title"] for r in english["rows"]][:3]
    assert french["page"] == "/Timeline?lang=fr"


def test_a_formula_in_the_data_is_written_as_text(api, data_copy, monkeypatch):
    events = data_copy / "events.csv"
    text = events.read_text(encoding="utf-8")
    header, first, rest = text.split("\n", 2)
    row = next(csv.reader([first]))
    row[3] = "=HYPERLINK(1)"  # the title
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    events.write_text(f"{header}\n{buffer.getvalue()}{rest}", encoding="utf-8")
    monkeypatch.setenv("HMT_DATA_DIR", str(data_copy))
    body = get(f"{api}/events.csv")[2].decode("utf-8")
    titles = [r["title"] for r in csv.DictReader(io.StringIO(body))]
    assert "'=HYPERLINK(1)" in titles and "=HYPERLINK(1)" not in titles


# ---------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------
def problem(response) -> dict:
    status, headers, body = response
    assert headers["Content-Type"].startswith("application/problem+json")
    document = json.loads(body)
    assert document["status"] == status
    return document


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ("from=2024-13-01", ["from"]),
        ("to=soon", ["to"]),
        ("countries=KEN,12", ["countries"]),
        ("lang=de&from=x", ["from", "lang"]),
        ("from=2025-01-01&to=2024-01-01", ["from"]),
        ("from=2024-01-01&from=2024-02-01", ["from"]),
    ],
)
def test_a_malformed_parameter_is_400_naming_it_and_its_form(api, params, named):
    response = get(f"{api}/events.json?{params}")
    assert response[0] == 400
    document = problem(response)
    assert [p["name"] for p in document["invalid_params"]] == named
    assert all(f"'{name}'" in document["detail"] for name in named)


def test_unknown_addresses_other_methods_and_long_queries_are_refused_without_echo(api):
    hostile = "%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    for path in (f"{hostile}.csv", "events.xml", "figures/nothing.json", "figures/", f"events.csv/{hostile}"):
        response = get(f"{api}/{path}")
        assert response[0] == 404, path
        assert b"script" not in response[2] and "alert" not in problem(response)["detail"]
    for path in ("/api/v2/events.csv", "/api/", "/api"):
        assert get(api.removesuffix("/api/v1") + path)[0] == 404
    response = get(f"{api}/events.csv", method="POST")
    assert response[0] == 405 and response[1]["Allow"] == "GET, HEAD, OPTIONS"
    problem(response)
    response = get(f"{api}/events.csv?countries={'KEN,' * 600}")
    assert response[0] == 414
    problem(response)
    response = get(f"{api}/events.json?from={hostile}")
    assert response[0] == 400 and b"script" not in response[2]
    assert get(f"{api}/events.csv", method="OPTIONS")[0] == 204
    head = get(f"{api}/events.csv", method="HEAD")
    assert head[0] == 200 and head[2] == b""


# ---------------------------------------------------------------------------------------
# OpenAPI
# ---------------------------------------------------------------------------------------
def test_the_openapi_document_is_valid_and_lists_every_address(api):
    from openapi_spec_validator import validate

    document = get_json(f"{api}/openapi.json")
    validate(document)
    paths = set(document["paths"])
    for name in api_data.RESOURCES:
        assert {f"/api/v1/{name}.csv", f"/api/v1/{name}.json"} <= paths
    validate(api_openapi.document("/hmt"))
    assert api_openapi.document("/hmt")["servers"] == [{"url": "/hmt"}]


def test_fuzzing_every_route_finds_no_server_error(api):
    import schemathesis
    from schemathesis.generation.modes import GenerationMode

    schema = schemathesis.openapi.from_dict(api_openapi.document())
    base = api.removesuffix("/api/v1")
    failures, calls = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, examples in ((GenerationMode.POSITIVE, 6), (GenerationMode.NEGATIVE, 3)):

            @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                response = case.call(base_url=base)
                calls.append(response.status_code)
                if response.status_code >= 500:
                    failures.append((case.path, case.query, response.status_code))

            check()
    assert not failures
    assert len(calls) >= 3 * len(document_paths := api_openapi.document()["paths"]) and 200 in calls and 400 in calls
    assert len(document_paths) == 2 + 2 * len(api_data.RESOURCES) + len(api_data.EXTRA_ENDPOINTS)


# ---------------------------------------------------------------------------------------
# Each page's figures are its API view for the same link
# ---------------------------------------------------------------------------------------
def page_run(page: str, params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize(
    ("page", "lang"), [("3_Pledges_and_deployments", "en"), ("3_Pledges_and_deployments", "fr"), ("2_Map", "ht")]
)
def test_the_country_tables_are_the_pledges_api_view(api, page, lang):
    link = {**SHARED, "countries": "KEN,JAM", "tab": "table", "lang": lang}
    shown = page_run(f"pages/{page}.py", link).dataframe[0].value
    served = get_json(f"{api}/figures/pledges.json?{query(link)}")["rows"]
    assert shown["country"].tolist() == [row["country"] for row in served]
    for column in ("pledged", "arrived", "in_haiti", "in_haiti_note", "stage"):
        assert shown[column].tolist() == [row[column] for row in served], column


def test_the_donor_table_is_the_donors_api_view(api):
    link = {"tab": "table", "to": "2025-10-02"}
    shown = page_run("pages/4_Funding.py", link).dataframe[0].value
    served = get_json(f"{api}/figures/donors.json?{query(link)}")["rows"]
    for column in ("donor_name", "committed", "deposited", "disbursed", "claimed", "in_kind", "not_in_usd"):
        assert shown[column].tolist() == [row[column] for row in served], column


def test_the_timeline_tables_are_the_headcount_and_events_api_views(api):
    link = {**SHARED, "tab": "table", "lang": "fr"}
    at = page_run("pages/1_Timeline.py", link)
    shown = at.dataframe[0].value.iloc[::-1]
    served = get_json(f"{api}/figures/headcount.json?{query(link)}")["rows"]
    assert served and shown["personnel"].tolist() == [row["label"] for row in served]
    assert [str(d)[:10] for d in shown["date"]] == [row["date"] for row in served]
    events = at.dataframe[1].value.iloc[::-1]
    served = get_json(f"{api}/events.json?{query(link)}")["rows"]
    assert served and events["event_id"].tolist() == [row["event_id"] for row in served]
    assert events["title"].tolist() == [row["title"] for row in served]  # in French, as on the page


@pytest.mark.parametrize("link", [SHARED, {"lang": "ht"}])
def test_the_overview_cards_are_the_overview_api_view(api, link):
    at = page_run("pages/0_Overview.py", link)
    shown = [metric.value for metric in at.metric]
    served = {row["figure"]: row for row in get_json(f"{api}/figures/overview.json?{query(link)}")["rows"]}
    assert served["personnel_in_haiti"]["label"] in shown
    assert served["personnel_pledged"]["label"] in shown
    assert served["trust_fund_received"]["label"] in shown
    if "countries" in link:
        assert served["selected_countries_in_haiti"]["label"] in shown


# ---------------------------------------------------------------------------------------
# "Get this data" in the share box
# ---------------------------------------------------------------------------------------
def data_box(at: AppTest) -> dict:
    boxes = [
        json.loads(element.proto.json)
        for element in at.get("bidi_component")
        if element.proto.component_name == "hmt_share_link"
    ]
    return boxes[0]["data"]


@pytest.mark.parametrize(
    ("page", "resource"), [("pages/4_Funding.py", "figures/donors"), ("app.py", "figures/overview")]
)
def test_the_share_box_gives_this_views_api_addresses_and_they_answer(api, page, resource):
    at = page_run(page, {**SHARED, "lang": "fr"})
    box = data_box(at)
    assert box["heading"] == "Obtenir ces données"
    csv_link, json_link = (link["url"] for link in box["links"])
    view = "from=2024-06-01&to=2025-10-02&countries=KEN&lang=fr"
    assert csv_link == f"/api/v1/{resource}.csv?{view}" and json_link == f"/api/v1/{resource}.json?{view}"
    pandas_line, curl_line = (snippet["text"] for snippet in box["snippets"])
    assert pandas_line == f'import pandas as pd; df = pd.read_csv("{csv_link}")'
    assert curl_line == f'curl -OJ "{csv_link}"'
    base = api.removesuffix("/api/v1")
    assert get(base + csv_link)[0] == 200 and get_json(base + json_link)["view"]["lang"] == "fr"


def test_the_api_address_follows_the_pages_own_address():
    from types import SimpleNamespace

    from components import share, site, views
    from components.data import load_dataset

    ds = load_dataset(ROOT / "tests" / "fixtures" / "data")
    bounds = views.view_bounds(ds)
    state = bounds.default_state()
    overview, timeline = site.PAGES[0], site.PAGES[1]
    for spec, base in ((overview, "https://hmt.example/hmt/"), (timeline, "https://hmt.example/hmt/Timeline")):
        ctx = SimpleNamespace(page=spec, base_url=base, state=state.with_countries(["KEN"]), bounds=bounds)
        resource = api_data.PAGE_RESOURCES[spec.url_path]
        assert share.api_urls(ctx)["csv"] == f"https://hmt.example/hmt/api/v1/{resource}.csv?countries=KEN"


# ---------------------------------------------------------------------------------------
# More addresses, and the docs
# ---------------------------------------------------------------------------------------
def test_a_registered_endpoint_is_routed_indexed_and_described(api):
    from openapi_spec_validator import validate

    endpoint = api_data.Endpoint(
        "example-{version}.txt", "An example", "text/plain", lambda ds, state, prefix: b"ok", "example-{version}.txt"
    )
    api_data.register(endpoint)
    try:
        status, headers, body = get(f"{api}/example-{DATA_VERSION}.txt")
        assert (status, body) == (200, b"ok")
        assert headers["Content-Disposition"] == f'attachment; filename="example-{DATA_VERSION}.txt"'
        assert get(f"{api}/example-2020-01-01.txt")[0] == 404  # another data version
        assert {"path": f"/api/v1/example-{DATA_VERSION}.txt", "description": "An example"} in get_json(f"{api}/")[
            "more"
        ]
        document = api_openapi.document()
        validate(document)
        assert "/api/v1/example-{version}.txt" in document["paths"]
    finally:
        api_data.EXTRA_ENDPOINTS.pop(endpoint.path)


def test_docs_api_names_every_address_and_parameter():
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in api_data.RESOURCES:
        assert f"`/api/v1/{name}`" in text, name
    for parameter in url_forms.FORMS:
        assert f"`{parameter}`" in text, parameter
    assert f"{api_server.MAX_QUERY_BYTES:,} bytes" in text and api_server.CACHE_CONTROL.split(", ")[1] in text


def test_the_api_benchmark_table_is_generated_from_its_result(tmp_path):
    from benchmarks import api as api_benchmark
    from benchmarks import report

    cell = api_benchmark.summary([0.010, 0.020, 0.030])
    scale = {
        "first_request_s": 1.5,
        "addresses": {"(index)": cell, "events.csv?countries=KEN": cell},
        "all": cell,
        "not_modified": api_benchmark.summary([0.002]),
        "errors": 0,
        "concurrent": {"requests": 200, "errors": 0, "wall_s": 3.2, **cell},
    }
    run = {
        "started": "2026-12-03T23:00:00+00:00",
        "code": None,
        "machine": {"cores": 2},
        "served": "streamlit run app.py",
        "requests": 3,
        "scales": {"1": scale, "100": scale},
    }
    (tmp_path / "20261203T230000Z.json").write_text(json.dumps(run), encoding="utf-8")
    table = report.render_api(tmp_path)
    assert "| `events.csv?countries=KEN` | 20 / 30 ms | 20 / 30 ms |" in table
    assert "×100, 200 requests at once: 0 errors" in table and "×1 1.5 s" in table


@pytest.mark.parametrize("module", ["api_data", "api_openapi"])
def test_what_the_api_serves_is_computed_without_streamlit_or_a_web_framework(module):
    import ast

    tree = ast.parse((ROOT / "components" / f"{module}.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not {name for name in imported if name.split(".")[0] in ("streamlit", "starlette")}
