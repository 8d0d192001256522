"""Read, check and load the curated dataset in ``data/``.

``check_dataset(data_dir)`` returns every problem it finds, each naming the file, the line as a
person sees it in the CSV, the column, the bad value and the rule broken.
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
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd
import pandera.pandas as pa

from components.schema import FACT_TABLES, TABLES, Table, pandera_schema, to_typed

DEFAULT_DATA_DIR = pathlib.Path(__file__).resolve().parents[1] / "data"
WORLD_FILE = "world_110m.geojson"
# Lets the benchmark point the app at generated, scaled-up data without touching data/.
DATA_DIR_ENV = "HMT_DATA_DIR"


def data_dir_from_env() -> pathlib.Path:
    return pathlib.Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        what = f"column '{self.column}': " if self.column else ""
        value = f"value {self.value!r} " if self.value is not None else ""
        return f"{where}: {what}{value}{self.rule}"


class DataError(Exception):
    """The dataset has problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data, first: {problems[0]}")


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
        return None, [Problem(name, line, None, None, f"is not valid UTF-8 text (byte {raw[error.start]:#04x}); save the file as UTF-8")]
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
        problems.append(Problem(name, 1, column, None, "column is not in the schema (components/schema.py) nor documented in data/README.md"))
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
                problems.append(Problem(name, line, None, None, f"has {len(record)} fields but the header has {len(header)}"))
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
            rule = "must be unique: another row already uses this value" if case.check == "field_uniqueness" else str(case.check)
            line = None if pd.isna(case.index) else int(case.index)
            problems.append(Problem(table.file, line, case.column, str(case.failure_case), rule))
        return problems
    return []


# ---------------------------------------------------------------------------------------
# Rules that look at more than one cell
# ---------------------------------------------------------------------------------------
def _row_problems(table: Table, frame: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    file = table.file

    def add(line, column, value, rule):
        problems.append(Problem(file, int(line), column, value, rule))

    # Plain dicts, not iterrows: at 100x the data, iterrows alone took seconds.
    for line, row in zip(frame.index, frame.to_dict("records")):
        if row.get("date_precision") == "month" and len(row.get("date", "")) == 10 and not row["date"].endswith("-01"):
            add(line, "date", row["date"], "has date_precision 'month', so its day must be 01")
        if table.name == "contributions" and bool(row["personnel"]) != bool(row["qualifier"]):
            add(line, "qualifier", row["qualifier"], "must be given when personnel is given, and empty when it is not")
        if table.name == "funding":
            if bool(row["amount"]) != bool(row["currency"]):
                add(line, "currency", row["currency"], "must be given when amount is given, and empty when it is not")
            if bool(row["amount"] or row["amount_usd"]) != bool(row["qualifier"]):
                add(line, "qualifier", row["qualifier"], "must be given when an amount is given, and empty when none is")
            if (row["flow"] == "in_kind") != bool(row["items"]):
                add(line, "items", row["items"], "must describe the goods for an in_kind flow, and be empty otherwise")
        if table.name == "trust_fund" and row["amount_usd_high"] and _is_number(row["amount_usd"]) and _is_number(row["amount_usd_high"]):
            if float(row["amount_usd_high"]) < float(row["amount_usd"]):
                add(line, "amount_usd_high", row["amount_usd_high"], "must not be smaller than amount_usd")
        if table.name == "phases" and row["end"] and row["end"] < row["start"]:
            add(line, "end", row["end"], "must not be before start")
    return problems


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _reference_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every country code, source id and dispute id must exist in its own table."""
    problems = []
    known = {name: set(frame[TABLES[name].id_column]) for name, frame in frames.items()}
    dispute_uses: Counter[str] = Counter()
    for name, frame in frames.items():
        table = TABLES[name]
        for column, (target, _) in table.references.items():
            if target not in known:
                continue
            for line, cell in frame[column].items():
                for value in filter(None, cell.split(";")):
                    if column == "dispute_id":
                        dispute_uses[value] += 1
                    if value not in known[target]:
                        problems.append(Problem(table.file, int(line), column, value, f"is not listed in {TABLES[target].file} ({TABLES[target].id_column})"))
    if "disputes" in frames:
        for line, dispute in frames["disputes"]["dispute_id"].items():
            if dispute_uses[dispute] < 2:
                problems.append(Problem("disputes.csv", int(line), "dispute_id", dispute, f"is used by {dispute_uses[dispute]} row(s); a dispute needs at least two rows, one per disagreeing value or date"))
    return problems


def _country_code_problems(frame: pd.DataFrame) -> list[Problem]:
    import pycountry  # only needed here; keeps the app's import time down

    problems = []
    for line, code in frame["iso3"].items():
        if len(code) == 3 and pycountry.countries.get(alpha_3=code) is None:
            problems.append(Problem("countries.csv", int(line), "iso3", code, "is not an ISO 3166-1 alpha-3 country code"))
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
        problems += _row_problems(table, frame)
        frames[name] = frame
    problems += _reference_problems(frames)
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
    world: dict
    _derived: dict = field(default_factory=dict, init=False, repr=False)

    def derived(self, name: str, build: Callable[[], Any]) -> Any:
        """A value worked out from the data once per loaded dataset (a lookup table, say) and
        kept with it, so pages do not rebuild it on every rerun. Treat it as read-only."""
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]

    @property
    def as_of(self) -> pd.Timestamp:
        """The date of the latest fact in the data: never typed by hand."""
        return max(getattr(self, name)["date"].max() for name in FACT_TABLES)

    @property
    def first_date(self) -> pd.Timestamp:
        return min(getattr(self, name)["date"].min() for name in FACT_TABLES)


def load_dataset(data_dir: pathlib.Path | str | None = None) -> Dataset:
    """Check the data and return it typed; raise DataError listing every problem."""
    data_dir = pathlib.Path(data_dir) if data_dir is not None else data_dir_from_env()
    frames, problems = _read_and_check(data_dir)
    if problems:
        raise DataError(problems)
    typed = {name: to_typed(TABLES[name], frame) for name, frame in frames.items()}
    world = json.loads((data_dir / WORLD_FILE).read_text(encoding="utf-8"))
    return Dataset(world=world, **typed)
