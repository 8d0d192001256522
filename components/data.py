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
import re
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd
import pandera.pandas as pa

from components import i18n, ledger
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
        if table.name == "trust_fund" and row["amount_usd_high"] and _parses_as_number(row["amount_usd"]) and _parses_as_number(row["amount_usd_high"]):
            if float(row["amount_usd_high"]) < float(row["amount_usd"]):
                add(line, "amount_usd_high", row["amount_usd_high"], "must not be smaller than amount_usd")
        if table.name == "phases" and row["end"] and row["end"] < row["start"]:
            add(line, "end", row["end"], "must not be before start")
    return problems


def _parses_as_number(value: str) -> bool:
    """Whether a CSV cell's text reads as a number (``ledger.has_number`` asks whether a typed
    cell holds one)."""
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


# ---------------------------------------------------------------------------------------
# Rules across rows and tables: the arithmetic the pages rely on
# ---------------------------------------------------------------------------------------
MOVEMENT_STAGES = ("arrival", "rotation_in", "rotation_out", "departure", "strength", "casualty")
DATED_FLOWS = ("deposit", "deposit_total", "disbursement", "freeze")  # money that moved on a day
TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|ocid|mc_cid|mc_eid|cmpid|__twitter_impression|s_cid)$", re.I)
HOST_NAME = re.compile(r"^[a-z0-9.-]+\.[a-z]{2,}(:\d+)?$|:\d+$")  # lowercase host names, or a port; "Kenyans.co.ke" is a brand
PERSON_WORDS = re.compile(r"\b(spokesperson|spokesman|spokeswoman|SRSG|minister|ambassador|president)\b", re.I)
LEFTOVER = re.compile(r"^\s*[;,:]|\(\s*\)|\(\s*[\w .'-]*:\s*\)")
BEYOND_PLEDGE = "beyond the pledge"


def normalised_url(url: str) -> str:
    """A URL without what does not change the page: scheme, www., tracking parameters, a
    trailing slash and the fragment. Two sources with the same normalised URL are one."""
    parts = urllib.parse.urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.").split(":")[0]
    query = urllib.parse.urlencode([(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)])
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def _phase_on(phases: pd.DataFrame, date: str) -> str | None:
    for row in phases.to_dict("records"):
        if row["start"] <= date and (not row["end"] or date <= row["end"]):
            return row["phase"]
    return None


def _phase_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A movement of personnel or money belongs to the mission in force on its date."""
    if "phases" not in frames:
        return []
    problems = []
    for name, column, kinds in (("contributions", "stage", MOVEMENT_STAGES), ("funding", "flow", DATED_FLOWS)):
        if name not in frames:
            continue
        for line, row in zip(frames[name].index, frames[name].to_dict("records")):
            if row[column] in kinds and row["date"] and row["phase"]:
                expected = _phase_on(frames["phases"], row["date"])
                if expected != row["phase"]:
                    where = f"'{expected}' on {row['date']} (phases.csv)" if expected else f"no mission on {row['date']} (phases.csv)"
                    problems.append(Problem(TABLES[name].file, int(line), "phase", row["phase"], f"must be the mission in force on the row's date: a {row[column]} is dated, and there is {where}"))
    return problems


def _typed_rows(name: str, frame: pd.DataFrame) -> list[tuple[int, dict]]:
    """(line, row) for each row of a well-formed text frame, typed as the loader types it, so
    the rules below read rows exactly as the totals do (components/ledger.py)."""
    typed = to_typed(TABLES[name], frame)
    return list(zip((int(line) for line in typed.index), typed.to_dict("records")))


def _personnel_problems(frame: pd.DataFrame) -> list[Problem]:
    """Per country: arrivals beyond the largest pledge need a rotation or a note, and the
    running headcount never goes below zero. Both read the rows through the ledger's own
    functions (what a pledge, an arrival and a departure mean, how a disputed fact is dated)."""
    problems = []
    file = TABLES["contributions"].file
    by_country: dict[str, list[tuple[int, dict]]] = {}
    for line, row in _typed_rows("contributions", frame):
        by_country.setdefault(row["country"], []).append((line, row))
    for country, numbered in by_country.items():
        line_of = {row["entry_id"]: line for line, row in numbered}
        rows = ledger.live_rows([row for _, row in numbered], "entry_id")
        status = ledger.country_status(rows, country)
        arrivals = [row for row in rows if row["stage"] == "arrival" and ledger.has_number(row["personnel"])]
        explained = any(BEYOND_PLEDGE in row["note"].lower() for row in rows if row["stage"] == "arrival")
        if status.pledged is not None and arrivals and status.arrived.low > status.pledged.high and not explained:
            line = max(line_of[row["entry_id"]] for row in arrivals)
            problems.append(Problem(file, line, "stage", "arrival", f"arrivals of {country} add up to at least {status.arrived.low:,.0f}, more than its largest pledge ({status.pledged.high:,.0f}): record a relief contingent as rotation_in, or say why in an arrival's note with the words '{BEYOND_PLEDGE}'"))
        in_haiti = ledger.ZERO
        for when, _order, stage, amount, group in ledger.headcount_steps(rows):
            if amount is None:
                continue
            if stage in ("rotation_out", "departure") and amount.low > in_haiti.high:
                line = line_of[group[0]["entry_id"]]
                problems.append(Problem(file, line, "personnel", f"{amount.low:.0f}", f"would take {country}'s estimated personnel in Haiti below zero (at most {in_haiti.high:,.0f} on {when.date().isoformat()}): is an arrival or headcount missing?"))
            in_haiti = ledger.apply_step(in_haiti, stage, amount)
    return problems


def _supersedes_problems(name: str, frame: pd.DataFrame, owner: str) -> list[Problem]:
    """A row restates an earlier row of the same country or donor, never itself or a later one."""
    problems = []
    by_id = dict(zip(frame[TABLES[name].id_column], frame.to_dict("records")))
    for line, row in zip(frame.index, frame.to_dict("records")):
        for old in filter(None, row.get("supersedes", "").split(";")):
            target = by_id.get(old)
            if target is None:
                continue  # reported by the reference check
            if old == row[TABLES[name].id_column] or target[owner] != row[owner] or target["date"] > row["date"]:
                problems.append(Problem(TABLES[name].file, int(line), "supersedes", old, f"must name an earlier row of the same {owner} (a row restates what came before it)"))
    return problems


def _money_problems(frame: pd.DataFrame) -> list[Problem]:
    """A restated total is never smaller than the parts it replaces (else one of the parts is
    itself a restatement, and the total would be added to it). The running totals are the
    ledger's own (components/ledger.py)."""
    problems = []
    file = TABLES["funding"].file
    by_donor: dict[str, list[tuple[int, dict]]] = {}
    for line, row in _typed_rows("funding", frame):
        by_donor.setdefault(row["donor"], []).append((line, row))
    for numbered in by_donor.values():
        line_of = {row["entry_id"]: line for line, row in numbered}
        running: dict[str, ledger.Range] = {}
        for group in ledger.money_facts([row for _, row in numbered]):
            step = ledger.running_step(group[0]["flow"])
            amount = ledger.range_of(group, "amount_usd")
            if step is None or amount is None:
                continue
            measure, restates = step
            before = running.get(measure)
            if restates and len(group) == 1 and before is not None and amount.high + 0.5 < before.low:
                kind = "commitment" if measure == "committed" else "deposit"
                row = group[0]
                problems.append(Problem(file, line_of[row["entry_id"]], "amount_usd", _csv_number(row["amount_usd"]), f"is a restated total smaller than the {kind}s before it ({before.low:,.0f}): mark the earlier rows that it restates as {kind}_total, or this one as a new {kind}"))
            running[measure] = ledger.moved(before, amount, restates)
    return problems


def _csv_number(value: float) -> str:
    """A typed amount as the CSV writes it ("6000000", not "6000000.0")."""
    return f"{value:.0f}" if float(value).is_integer() else str(value)


def _source_problems(frame: pd.DataFrame) -> list[Problem]:
    problems = []
    seen: dict[str, tuple[int, str]] = {}
    for line, row in zip(frame.index, frame.to_dict("records")):
        for column in ("url", "canonical_url"):
            if not row.get(column):
                continue
            key = normalised_url(row[column])
            if key in seen and seen[key][1] != row["source_id"]:
                problems.append(Problem("sources.csv", int(line), column, row[column], f"is the same page as line {seen[key][0]} ({seen[key][1]}) once tracking parameters are dropped: keep one source"))
            seen.setdefault(key, (int(line), row["source_id"]))
        publisher = row["publisher"]
        if HOST_NAME.search(publisher):
            problems.append(Problem("sources.csv", int(line), "publisher", publisher, "must name the organisation that wrote the text, not a host name"))
        elif PERSON_WORDS.search(publisher):
            problems.append(Problem("sources.csv", int(line), "publisher", publisher, "must name an organisation, not a person or an office ('United Nations', not 'UN spokesperson')"))
    return problems


def _leftover_problems(table: Table, frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for column in ("title", "summary", "note", "topic"):
        if column not in frame.columns:
            continue
        for line, value in frame[column].items():
            if value and LEFTOVER.search(value):
                problems.append(Problem(table.file, int(line), column, value[:60], "has a leftover fragment (a leading ';', ',' or ':', or empty brackets such as '(Reuters: )')"))
    return problems


def _cross_table_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = _phase_problems(frames)
    if "contributions" in frames:
        problems += _personnel_problems(frames["contributions"]) + _supersedes_problems("contributions", frames["contributions"], "country")
    if "funding" in frames:
        problems += _money_problems(frames["funding"]) + _supersedes_problems("funding", frames["funding"], "donor")
    if "sources" in frames:
        problems += _source_problems(frames["sources"])
    for name, frame in frames.items():
        problems += _leftover_problems(TABLES[name], frame)
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
    if not problems:  # the arithmetic is only worth checking on cells that are well formed
        problems += _cross_table_problems(frames)
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
