"""Read, check and load the curated dataset in ``data/``.

``check_dataset(data_dir)`` returns every problem it finds, each naming the file, the line as a
person sees it in the CSV, the column, the bad value and the rule broken.
The rules beyond one cell are components/data_rules.py.
``load_dataset(data_dir)`` runs the same checks and, if there are none, returns typed
DataFrames (dates as datetimes, counts as integers, lists as tuples). The pages use the
loader; ``python -m components.validate`` uses the checker. No Streamlit here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pandera.pandas as pa

from components import data_rules, i18n
from components.data_rules import BEYOND_PLEDGE, normalised_url, typed_rows  # noqa: F401  (their old home)
from components.problems import DataError, Problem
from components.schema import FACT_TABLES, TABLES, Table
from components.schema_frames import pandera_schema, to_typed

DEFAULT_DATA_DIR = pathlib.Path(__file__).resolve().parents[1] / "data"
WORLD_FILE = "world_110m.geojson"
# Lets the benchmark point the app at generated, scaled-up data without touching data/.
DATA_DIR_ENV = "HMT_DATA_DIR"


def data_dir_from_env() -> pathlib.Path:
    return pathlib.Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------
def _read_csv_as_text(path: pathlib.Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV into a frame of strings indexed by the line each record starts on."""
    name = path.name
    if not path.exists():
        return None, [Problem(name, None, None, None, "file is missing")]
    raw = path.read_bytes()
    if not raw.strip():
        return None, [Problem(name, None, None, None, "file is empty: it needs at least a header line")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                name,
                line,
                None,
                None,
                f"is not valid UTF-8 text (byte {raw[error.start]:#04x}); save the file as UTF-8",
            )
        ]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as error:
        return None, [Problem(name, 1, None, None, f"header cannot be read as CSV: {error}")]
    problems = []
    missing = [c for c in table.columns if c not in header]
    unknown = [c for c in header if c not in table.columns]
    for column in missing:
        problems.append(Problem(name, 1, column, None, "required column is missing from the header"))
    for column in unknown:
        problems.append(
            Problem(
                name,
                1,
                column,
                None,
                "column is not in the schema (components/schema.py) nor documented in data/README.md",
            )
        )
    for column, count in Counter(header).items():
        if count > 1:
            problems.append(Problem(name, 1, column, None, "column appears more than once in the header"))
    if problems:
        return None, problems
    records, lines = [], []
    line = reader.line_num + 1
    try:
        for record in reader:
            if record and len(record) != len(header):
                problems.append(
                    Problem(name, line, None, None, f"has {len(record)} fields but the header has {len(header)}")
                )
            elif record:
                records.append(record)
                lines.append(line)
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(name, line, None, None, f"cannot be read as CSV: {error}"))
    frame = pd.DataFrame(records, columns=header, index=pd.Index(lines, name="line"), dtype=str)
    return frame, problems


def _cell_problems(table: Table, frame: pd.DataFrame) -> list[Problem]:
    try:
        pandera_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        problems = []
        for case in cases.itertuples(index=False):
            rule = (
                "must be unique: another row already uses this value"
                if case.check == "field_uniqueness"
                else str(case.check)
            )
            line = None if pd.isna(case.index) else int(case.index)
            problems.append(Problem(table.file, line, case.column, str(case.failure_case), rule))
        return problems
    return []


def _country_code_problems(frame: pd.DataFrame) -> list[Problem]:
    import pycountry  # only needed here; keeps the app's import time down

    problems = []
    for line, code in frame["iso3"].items():
        known = code in i18n.NON_COUNTRY_TERRITORIES or pycountry.countries.get(alpha_3=code) is not None
        if len(code) == 3 and not known:
            problems.append(
                Problem("countries.csv", int(line), "iso3", code, "is not an ISO 3166-1 alpha-3 country code")
            )
    return problems


def _world_problems(data_dir: pathlib.Path) -> list[Problem]:
    path = data_dir / WORLD_FILE
    if not path.exists():
        return [Problem(WORLD_FILE, None, None, None, "file is missing: run scripts/build_world_outlines.py")]
    try:
        world = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return [Problem(WORLD_FILE, getattr(error, "lineno", None), None, None, f"is not valid GeoJSON text: {error}")]
    if world.get("type") != "FeatureCollection" or not world.get("features"):
        return [Problem(WORLD_FILE, None, None, None, "must be a GeoJSON FeatureCollection with features")]
    return []


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------
def _read_and_check(data_dir: pathlib.Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, table in TABLES.items():
        frame, read_problems = _read_csv_as_text(data_dir / table.file, table)
        problems += read_problems
        if frame is None:
            continue
        problems += _cell_problems(table, frame)
        problems += data_rules.row_problems(table, frame)
        frames[name] = frame
    problems += data_rules.reference_problems(frames)
    if not problems:  # the arithmetic is only worth checking on cells that are well formed
        problems += data_rules.cross_table_problems(frames)
    problems += data_rules.wording_problems(frames)
    if "countries" in frames:
        problems += _country_code_problems(frames["countries"])
    problems += _world_problems(data_dir)
    return frames, problems


def check_dataset(data_dir: pathlib.Path | str = DEFAULT_DATA_DIR) -> list[Problem]:
    return _read_and_check(pathlib.Path(data_dir))[1]


@dataclass(frozen=True, eq=False)  # eq=False: two loads are two datasets, compared by identity
class Dataset:
    sources: pd.DataFrame
    countries: pd.DataFrame
    disputes: pd.DataFrame
    phases: pd.DataFrame
    events: pd.DataFrame
    contributions: pd.DataFrame
    strength: pd.DataFrame
    funding: pd.DataFrame
    trust_fund: pd.DataFrame
    glossary: pd.DataFrame
    world: dict
    _derived: dict = field(default_factory=dict, init=False, repr=False)

    def derived(self, name: str, build: Callable[[], Any]) -> Any:
        """A value worked out from the data once per loaded dataset and language (a lookup
        table, say) and kept with it, so pages do not rebuild it on every rerun. Treat it as
        read-only. The key always holds the current language, so a value with words in it can
        never be served in another language; a value without words is built once per language
        that asks for it (at most three times)."""
        key = (name, i18n.get_language())
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    @property
    def as_of(self) -> pd.Timestamp:
        """The date of the latest fact in the data: never typed by hand."""
        return self.derived("as_of", lambda: max(getattr(self, name)["date"].max() for name in FACT_TABLES))

    @property
    def data_version(self) -> pd.Timestamp:
        """The data's version: the day the newest fact row entered the dataset (its ``added``
        date). A pinned link carries it (``v``), so a later visit can say what is new."""
        return self.derived("data_version", lambda: max(getattr(self, name)["added"].max() for name in FACT_TABLES))

    @property
    def first_date(self) -> pd.Timestamp:
        return self.derived("first_date", lambda: min(getattr(self, name)["date"].min() for name in FACT_TABLES))


def load_dataset(data_dir: pathlib.Path | str | None = None) -> Dataset:
    """Check the data and return it typed; raise DataError listing every problem."""
    data_dir = pathlib.Path(data_dir) if data_dir is not None else data_dir_from_env()
    frames, problems = _read_and_check(data_dir)
    if problems:
        raise DataError(problems)
    typed = {name: to_typed(TABLES[name], frame) for name, frame in frames.items()}
    world = json.loads((data_dir / WORLD_FILE).read_text(encoding="utf-8"))
    return Dataset(world=world, **typed)
