"""The whole dataset from the API: the data package read and validated by Frictionless from its
own address, the zip named by the data version, each table's file, and the feed of what is new,
whose links start at the configured public origin whatever Host the request names."""

import io
import zipfile

import feedparser
import frictionless
import pytest

from tests.test_api import DATA_VERSION, api, get  # noqa: F401  (api: the served API, a fixture)


def test_frictionless_reads_and_validates_the_package_from_its_address(api):  # noqa: F811
    report = frictionless.validate(f"{api}/datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert {task.name for task in report.tasks} >= {"events", "contributions", "sources", "countries"}


def test_the_zip_is_named_by_the_data_version_and_holds_the_package_and_every_table(api):  # noqa: F811
    status, headers, body = get(f"{api}/haiti-mission-tracker-{DATA_VERSION}.zip")
    assert status == 200 and headers["Content-Type"] == "application/zip"
    assert headers["Content-Disposition"] == f'attachment; filename="haiti-mission-tracker-{DATA_VERSION}.zip"'
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert "datapackage.json" in names and "data/events.csv" in names and "data/sources.csv" in names
    assert get(f"{api}/haiti-mission-tracker-2020-01-01.zip")[0] == 404  # not this data's version


def test_each_table_file_is_the_one_the_zip_holds(api):  # noqa: F811
    archive = zipfile.ZipFile(io.BytesIO(get(f"{api}/haiti-mission-tracker-{DATA_VERSION}.zip")[2]))
    status, headers, body = get(f"{api}/data/contributions.csv")
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    assert body == archive.read("data/contributions.csv")


@pytest.fixture
def public_origin(monkeypatch):
    monkeypatch.setenv("PUBLIC_ORIGIN", "https://tracker.example.org")


def test_the_feed_parses_and_links_to_the_public_origin_not_the_host_header(api, public_origin):  # noqa: F811
    status, headers, body = get(f"{api}/changes.atom?countries=KEN&lang=fr", headers={"Host": "attacker.example"})
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(body)
    assert not parsed.bozo and parsed.entries
    links = [entry.link for entry in parsed.entries]
    assert all(link.startswith("https://tracker.example.org/") for link in links), links[:3]
    assert b"attacker.example" not in body
