"""The data package: a Frictionless Data Package generated from components/schema.py, and its
zip. The ``frictionless`` library validates the descriptor and the data (types, constraints,
primary and foreign keys, each file's size and checksum); the zip's CSV files load back
through the app's own loader to the same dataset."""

import dataclasses
import io
import json
import re
import shutil
import zipfile

import frictionless
import pandas as pd
import pytest

from components import datapackage, schema
from components.data import WORLD_FILE, load_dataset
from tests.conftest import FIXTURE_DATA, ROOT


def unzip(ds, target):
    with zipfile.ZipFile(io.BytesIO(datapackage.data_zip(ds))) as archive:
        archive.extractall(target)
    return target / datapackage.DESCRIPTOR


def error_types(report) -> set[str]:
    return {error.type for task in report.tasks for error in task.errors} | {error.type for error in report.errors}


def test_the_fixture_package_validates_with_frictionless(ds, tmp_path):
    report = frictionless.validate(str(unzip(ds, tmp_path)))
    assert report.valid, report.flatten(["type", "note"])[:10]
    assert {task.name for task in report.tasks} == set(schema.TABLES)


def test_the_live_package_validates_with_frictionless(live_ds, tmp_path):
    report = frictionless.validate(str(unzip(live_ds, tmp_path)))
    assert report.valid, report.flatten(["type", "note"])[:10]


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def without_checksums(descriptor_path) -> None:
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        del resource["hash"], resource["bytes"]
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")


def test_foreign_keys_are_checked(ds, tmp_path):
    """A contribution from a country that countries.csv does not list breaks the package."""
    descriptor = unzip(ds, tmp_path)
    without_checksums(descriptor)
    kenya_row = next(line for line in (tmp_path / "data/contributions.csv").open() if ",KEN," in line)
    edit(tmp_path / "data/contributions.csv", kenya_row, kenya_row.replace(",KEN,", ",ZZZ,", 1))
    report = frictionless.validate(str(descriptor))
    assert "foreign-key" in error_types(report)


def test_a_changed_file_fails_its_checksum(ds, tmp_path):
    descriptor = unzip(ds, tmp_path)
    edit(tmp_path / "data/glossary.csv", "Multinational", "Multi-national")
    assert not frictionless.validate(str(descriptor)).valid


def test_the_keys_come_from_the_schema(ds):
    package = datapackage.datapackage(ds)
    for resource in package["resources"]:
        table = schema.TABLES[resource["name"]]
        assert resource["path"] == f"data/{table.file}"
        assert resource["schema"]["primaryKey"] == table.id_column
        assert [f["name"] for f in resource["schema"]["fields"]] == table.columns
        keys = {
            fk["fields"]: (fk["reference"]["resource"], fk["reference"]["fields"])
            for fk in resource["schema"].get("foreignKeys", [])
        }
        for column, target in table.references.items():
            field = next(f for f in resource["schema"]["fields"] if f["name"] == column)
            if schema.KINDS[next(f.kind for f in table.fields if f.name == column)].convert == "list":
                # A list cell cannot be a Table Schema foreign key: its description says where it points.
                assert f"`{target[1]}` of {schema.TABLES[target[0]].file}" in field["description"]
            else:
                assert keys[column] == target
    by_name = {r["name"]: r for r in package["resources"]}
    # A column drawing on the phases' vocabulary names a phase.
    for name in ("contributions", "funding"):
        assert {"fields": "phase", "reference": {"resource": "phases", "fields": "phase"}} in by_name[name]["schema"][
            "foreignKeys"
        ]


def field(package, table, column):
    resource = next(r for r in package["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == column)


def test_constraints_come_from_the_schema_not_typed_twice(ds):
    package = datapackage.datapackage(ds)
    assert field(package, "contributions", "stage")["constraints"]["enum"] == list(schema.STAGES)
    assert field(package, "funding", "currency")["constraints"] == {"required": False, "enum": list(schema.CURRENCIES)}
    assert field(package, "countries", "iso3")["constraints"]["pattern"] == schema.KINDS["iso3"].pattern
    latitude = field(package, "countries", "latitude")
    assert latitude["type"] == "number" and (
        latitude["constraints"]["minimum"],
        latitude["constraints"]["maximum"],
    ) == (
        -90,
        90,
    )
    assert field(package, "strength", "personnel")["type"] == "integer"
    assert field(package, "strength", "personnel")["constraints"]["minimum"] == 0
    assert field(package, "events", "date")["type"] == "date"
    assert field(package, "events", "note")["constraints"] == {"required": False}


def test_a_schema_change_shows_up_in_the_package(ds, monkeypatch):
    table = schema.TABLES["contributions"]
    fields = tuple(
        dataclasses.replace(f, vocabulary=(*f.vocabulary, "training")) if f.name == "stage" else f for f in table.fields
    )
    monkeypatch.setitem(schema.TABLES, "contributions", dataclasses.replace(table, fields=fields))
    assert field(datapackage.datapackage(ds), "contributions", "stage")["constraints"]["enum"][-1] == "training"


def test_every_column_is_described_from_the_data_readme(ds):
    readme = datapackage.readme_sections((ROOT / "data" / "README.md").read_text(encoding="utf-8"))
    for resource in datapackage.datapackage(ds)["resources"]:
        title, meanings = readme[schema.TABLES[resource["name"]].file]
        assert resource["title"].lower() == title.lower()
        for f in resource["schema"]["fields"]:
            assert f["description"].startswith(meanings[f["name"]]), (resource["name"], f["name"])


def test_the_licence_and_the_version(ds):
    licence = re.search(r"^## Licence\n(.*?)(?=^## |\Z)", (ROOT / "data/README.md").read_text(), flags=re.S | re.M)
    assert "(CC BY 4.0)" in licence.group(1)
    package = datapackage.datapackage(ds, "https://example.org/hmt")
    assert package["licenses"] == [datapackage.LICENCE] and datapackage.LICENCE["name"] == "CC-BY-4.0"
    assert package["version"] == f"{ds.data_version:%Y-%m-%d}" == datapackage.version(ds)
    assert package["homepage"] == "https://example.org/hmt/"
    assert "homepage" not in datapackage.datapackage(ds)
    assert datapackage.zip_name(ds) == f"haiti-mission-tracker-{package['version']}.zip"


def test_the_zip_holds_the_descriptor_and_every_table_with_the_same_bytes_for_the_same_data(ds):
    content = datapackage.data_zip(ds)
    assert content == datapackage.data_zip(load_dataset(FIXTURE_DATA))  # another load of the same data
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert names == ["datapackage.json", *(f"data/{t.file}" for t in schema.TABLES.values())]
        assert {info.date_time for info in archive.infolist()} == {(*ds.data_version.timetuple()[:3], 0, 0, 0)}
        assert json.loads(archive.read("datapackage.json")) == datapackage.datapackage(ds)


def test_the_zipped_files_load_back_to_the_same_dataset(ds, tmp_path):
    """The package holds exactly the data the app serves: the loader reads it back unchanged."""
    unzip(ds, tmp_path)
    shutil.copy(FIXTURE_DATA / WORLD_FILE, tmp_path / "data" / WORLD_FILE)
    again = load_dataset(tmp_path / "data")
    for name in schema.TABLES:
        pd.testing.assert_frame_equal(getattr(again, name), getattr(ds, name), obj=name)


@pytest.mark.parametrize("name", ["events", "sources", "contributions", "funding"])
def test_text_tables_are_written_as_the_data_files_hold_them(ds, name):
    assert datapackage.table_csv(ds, name) == (FIXTURE_DATA / f"{name}.csv").read_bytes()
