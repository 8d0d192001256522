"""The dataset as a Frictionless Data Package (v1: https://specs.frictionlessdata.io/data-package/).

``datapackage(ds)`` is the descriptor, generated from the one declaration of the data in
``components/schema.py``: each table's fields with their types and constraints (required,
unique, enum, pattern, minimum, maximum), its primary key and its foreign keys, with the
meaning of each column from ``data/README.md``. Its ``version`` is the data version (the day the
newest fact row entered the dataset, as a pinned link carries it). ``data_zip(ds)`` holds the
descriptor and the CSV files it describes, written from the loaded dataset (so the zip is the
data the app serves, even when a broken update on disk was refused), with the same bytes for
the same data. No Streamlit here; the tests validate both with the ``frictionless`` library.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import zipfile

import pandas as pd

from components.data import DEFAULT_DATA_DIR, Dataset
from components.schema import KINDS, TABLES, Field, Table

NAME = "haiti-mission-tracker"
TITLE = "Haiti Mission Tracker"
DESCRIPTION = (
    "Curated, sourced facts on the Multinational Security Support Mission in Haiti (MSS, UN Security "
    "Council Resolution 2699) and the Gang Suppression Force (GSF, Resolution 2793): events, each "
    "country's personnel, money, mission-wide headcounts and the trust fund, with every source and every "
    "disagreement between sources. Lists inside a cell are separated by ';'."
)
# data/README.md, "Licence" (a test holds the two together).
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
DATA_FOLDER = "data"
DESCRIPTOR = "datapackage.json"
README = DEFAULT_DATA_DIR / "README.md"
# How each kind of cell is typed in a Table Schema (kinds not listed are strings).
TABLE_SCHEMA_TYPES = {"date": "date", "count": "integer", "amount": "number", "float": "number"}


def version(ds: Dataset) -> str:
    """The data version as the package and the zip's name carry it: ``2026-12-03``."""
    return f"{ds.data_version:%Y-%m-%d}"


def zip_name(ds: Dataset) -> str:
    return f"{NAME}-{version(ds)}.zip"


def resource_path(table: Table) -> str:
    return f"{DATA_FOLDER}/{table.file}"


# ---------------------------------------------------------------------------------------
# The CSV files: the loaded dataset written back as the text its files hold
# ---------------------------------------------------------------------------------------
def _cell(value: object, conversion: str) -> str:
    if isinstance(value, tuple):
        return ";".join(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if conversion == "date":
        return f"{value:%Y-%m-%d}"
    if conversion in ("amount", "float") and math.isfinite(value) and float(value).is_integer():
        return f"{value:.0f}"
    return str(value)


def _conversion(field_: Field) -> str:
    return "text" if field_.vocabulary else KINDS[field_.kind].convert


def table_csv(ds: Dataset, name: str) -> bytes:
    """One table as UTF-8 CSV: its declared columns in order, empty cells for missing values,
    dates ``YYYY-MM-DD``, lists joined with ``;``, ``\\n`` line ends as in ``data/``."""
    table = TABLES[name]
    frame = getattr(ds, name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    columns = [(frame[f.name].tolist(), _conversion(f)) for f in table.fields]
    for i in range(len(frame)):
        writer.writerow([_cell(values[i], conversion) for values, conversion in columns])
    return out.getvalue().encode("utf-8")


def csv_files(ds: Dataset) -> dict[str, bytes]:
    """Every table's CSV, by table name (worked out once per loaded dataset)."""
    return ds.derived("datapackage_csv", lambda: {name: table_csv(ds, name) for name in TABLES})


# ---------------------------------------------------------------------------------------
# The descriptor
# ---------------------------------------------------------------------------------------
def readme_sections(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """data/README.md's table sections: file -> (its heading's title, column -> meaning)."""
    sections = {}
    for match in re.finditer(r"^### `([\w.]+\.csv)`: (.+?)$(.*?)(?=^#{1,3} |\Z)", text, flags=re.S | re.M):
        file, title, body = match.groups()
        meanings = dict(re.findall(r"^\| `(\w+)` \| (.+?) \|$", body, flags=re.M))
        sections[file] = (title.strip(), meanings)
    return sections


def _readme() -> dict[str, tuple[str, dict[str, str]]]:
    return readme_sections(README.read_text(encoding="utf-8")) if README.exists() else {}


def _vocabulary_keys() -> dict[tuple[str, ...], tuple[str, str]]:
    """Tables whose key is drawn from a vocabulary (phases: ``mss``, ``gsf``): a column of
    another table with the same vocabulary names a row of it."""
    return {
        field_.vocabulary: (name, field_.name)
        for name, table in TABLES.items()
        for field_ in table.fields
        if field_.name == table.id_column and field_.vocabulary
    }


def references(table: Table) -> dict[str, tuple[str, str]]:
    """Column -> (table, column) it refers to: those declared in the schema, and the columns
    that share a vocabulary with another table's key (``phase`` -> phases.csv)."""
    found = dict(table.references)
    for field_ in table.fields:
        target = _vocabulary_keys().get(field_.vocabulary)
        if target and target[0] != table.name and field_.name not in found:
            found[field_.name] = target
    return found


def _is_list(field_: Field) -> bool:
    return _conversion(field_) == "list"


def field_descriptor(field_: Field, meaning: str, target: tuple[str, str] | None) -> dict:
    kind = KINDS[field_.kind]
    kind_type = TABLE_SCHEMA_TYPES.get(_conversion(field_), "string")
    constraints: dict[str, object] = {"required": field_.required}
    if field_.unique:
        constraints["unique"] = True
    if field_.vocabulary:
        constraints["enum"] = list(field_.vocabulary)
    elif kind.pattern and kind_type == "string":
        constraints["pattern"] = kind.pattern
    if kind.minimum is not None:
        constraints["minimum"] = kind.minimum
    if kind.maximum is not None:
        constraints["maximum"] = kind.maximum
    descriptor = {"name": field_.name, "type": kind_type}
    if kind_type == "date":
        descriptor["format"] = "default"  # YYYY-MM-DD
    description = meaning or ""
    if _is_list(field_) and target:
        # A Table Schema foreign key compares whole cells, so a list is described in words.
        description += f" Each value (separated by ';') is a `{target[1]}` of {TABLES[target[0]].file}."
    if description:
        descriptor["description"] = description.strip()
    descriptor["constraints"] = constraints
    return descriptor


def table_schema(table: Table, meanings: dict[str, str]) -> dict:
    refs = references(table)
    fields = [field_descriptor(f, meanings.get(f.name, ""), refs.get(f.name)) for f in table.fields]
    by_name = {f.name: f for f in table.fields}
    foreign_keys = [
        {"fields": column, "reference": {"resource": "" if target == table.name else target, "fields": key}}
        for column, (target, key) in refs.items()
        if not _is_list(by_name[column])
    ]
    schema = {"fields": fields, "primaryKey": table.id_column, "missingValues": [""]}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def resource(ds: Dataset, name: str, readme: dict[str, tuple[str, dict[str, str]]]) -> dict:
    table = TABLES[name]
    title, meanings = readme.get(table.file, ("", {}))
    content = csv_files(ds)[name]
    descriptor = {
        "profile": "tabular-data-resource",
        "name": name,
        "path": resource_path(table),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": hashlib.md5(content).hexdigest(),  # the v1 spec's checksum: md5 unless prefixed
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": table_schema(table, meanings),
    }
    if title:
        descriptor["title"] = title[:1].upper() + title[1:]
    return descriptor


def datapackage(ds: Dataset, base_url: str = "") -> dict:
    """The Data Package descriptor. ``base_url`` (the dashboard's public address, when known)
    becomes its ``homepage``; the resources' paths stay relative to the descriptor, as in the zip."""
    readme = _readme()
    descriptor = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version(ds),
        "licenses": [LICENCE],
        "keywords": ["Haiti", "Kenya", "MSS", "GSF", "peacekeeping", "security", "United Nations"],
        "resources": [resource(ds, name, readme) for name in TABLES],
    }
    if base_url:
        descriptor["homepage"] = base_url.rstrip("/") + "/"
    return descriptor


def descriptor_json(ds: Dataset, base_url: str = "") -> bytes:
    """The descriptor as the file ``datapackage.json`` holds it (UTF-8, keys in a fixed order)."""
    return (json.dumps(datapackage(ds, base_url), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------
# The zip
# ---------------------------------------------------------------------------------------
def _entry(path: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, wherever it is built, so the bytes do not depend on the machine
    info.external_attr = 0o644 << 16
    return info


def data_zip(ds: Dataset) -> bytes:
    """``datapackage.json`` and every CSV it describes (``data/<table>.csv``). Every entry is
    dated the data version at midnight, so the same data gives the same bytes. Built once per
    loaded dataset; the descriptor inside has no ``homepage``, so the zip is the same wherever
    it is served."""
    return ds.derived("datapackage_zip", lambda: _build_zip(ds))


def _build_zip(ds: Dataset) -> bytes:
    day = ds.data_version
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry(DESCRIPTOR, stamp), descriptor_json(ds))
        for name, content in csv_files(ds).items():
            archive.writestr(_entry(resource_path(TABLES[name]), stamp), content)
    return buffer.getvalue()
