"""The data's rules beyond one cell: within a row, across rows (the ledgers' arithmetic) and
across tables (references, phases, sources). Each returns ``Problem``s naming the file, line,
column, value and rule. The ledger rules read rows through components/ledger.py, the same
functions the totals use, so the validator and the pages agree on what a row means.
No Streamlit here.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from components import ledger, quotes
from components.glossary_rules import avoided_form_problems
from components.problems import Problem
from components.schema import TABLES, Table
from components.schema_frames import to_typed
from components.source_rules import normalised_url, source_problems  # noqa: F401 (normalised_url: its old home)

RESOLUTION_CATEGORY_RULE = (
    "names the resolution this event adopted, so the event is the Council's vote (category "
    "'un_security_council'); a reaction or an announcement leaves it empty"
)


# ---------------------------------------------------------------------------------------
# Rules that look at more than one cell
# ---------------------------------------------------------------------------------------
def row_problems(table: Table, frame: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    file = table.file

    def add(line, column, value, rule):
        problems.append(Problem(file, int(line), column, value, rule))

    # Plain dicts, not iterrows: at 100x the data, iterrows alone took seconds.
    for line, row in zip(frame.index, frame.to_dict("records"), strict=False):
        if row.get("date_precision") == "month" and len(row.get("date", "")) == 10 and not row["date"].endswith("-01"):
            add(line, "date", row["date"], "has date_precision 'month', so its day must be 01")
        if table.name == "contributions" and bool(row["personnel"]) != bool(row["qualifier"]):
            add(line, "qualifier", row["qualifier"], "must be given when personnel is given, and empty when it is not")
        if table.name == "funding":
            if bool(row["amount"]) != bool(row["currency"]):
                add(line, "currency", row["currency"], "must be given when amount is given, and empty when it is not")
            if bool(row["amount"] or row["amount_usd"]) != bool(row["qualifier"]):
                add(
                    line, "qualifier", row["qualifier"], "must be given when an amount is given, and empty when none is"
                )
            if (row["flow"] == "in_kind") != bool(row["items"]):
                add(line, "items", row["items"], "must describe the goods for an in_kind flow, and be empty otherwise")
        if (
            table.name == "trust_fund"
            and row["amount_usd_high"]
            and _parses_as_number(row["amount_usd"])
            and _parses_as_number(row["amount_usd_high"])
        ) and float(row["amount_usd_high"]) < float(row["amount_usd"]):
            add(line, "amount_usd_high", row["amount_usd_high"], "must not be smaller than amount_usd")
        if table.name == "phases" and row["end"] and row["end"] < row["start"]:
            add(line, "end", row["end"], "must not be before start")
    return problems


def _resolution_problems(events: pd.DataFrame) -> list[Problem]:
    """The timeline draws a "Res." line for each resolution an event names: only the Council's
    vote names it (a reaction that named one drew a second line on the wrong day), and only once."""
    problems = []
    adopted_by: dict[str, int] = {}  # resolution number -> the line of the event that adopted it
    named = events[events["resolution"] != ""]
    for line, resolution, category in zip(named.index, named["resolution"], named["category"], strict=True):
        if category != "un_security_council":
            problems.append(Problem("events.csv", int(line), "resolution", resolution, RESOLUTION_CATEGORY_RULE))
        for number in filter(None, (n.strip() for n in resolution.split(";"))):
            if number in adopted_by:
                rule = f"was adopted once: line {adopted_by[number]} already names it"
                problems.append(Problem("events.csv", int(line), "resolution", number, rule))
            adopted_by.setdefault(number, int(line))
    return problems


def _parses_as_number(value: str) -> bool:
    """Whether a CSV cell's text reads as a number (``ledger.has_number`` asks whether a typed
    cell holds one)."""
    try:
        float(value)
    except ValueError:
        return False
    return True


def reference_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
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
                        problems.append(
                            Problem(
                                table.file,
                                int(line),
                                column,
                                value,
                                f"is not listed in {TABLES[target].file} ({TABLES[target].id_column})",
                            )
                        )
    if "disputes" in frames:
        for line, dispute in frames["disputes"]["dispute_id"].items():
            if dispute_uses[dispute] < 2:
                problems.append(
                    Problem(
                        "disputes.csv",
                        int(line),
                        "dispute_id",
                        dispute,
                        f"is used by {dispute_uses[dispute]} row(s); a dispute needs at least two rows, one per "
                        "disagreeing value or date",
                    )
                )
    return problems


# ---------------------------------------------------------------------------------------
# Rules across rows and tables: the arithmetic the pages rely on
# ---------------------------------------------------------------------------------------
MOVEMENT_STAGES = ("arrival", "rotation_in", "rotation_out", "departure", "strength", "casualty")
DATED_FLOWS = ("deposit", "deposit_total", "disbursement", "freeze")  # money that moved on a day
LEFTOVER = re.compile(r"^\s*[;,:]|\(\s*\)|\(\s*[\w .'-]*:\s*\)")
BEYOND_PLEDGE = "beyond the pledge"


def _phase_on(phases: pd.DataFrame | list[dict], date: str) -> str | None:
    records = phases.to_dict("records") if isinstance(phases, pd.DataFrame) else phases
    for row in records:
        if row["start"] <= date and (not row["end"] or date <= row["end"]):
            return row["phase"]
    return None


def _phase_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A movement of personnel or money belongs to the mission in force on its date."""
    if "phases" not in frames:
        return []
    problems = []
    phases = frames["phases"].to_dict("records")  # once: a few rows, read for every dated row
    for name, column, kinds in (("contributions", "stage", MOVEMENT_STAGES), ("funding", "flow", DATED_FLOWS)):
        if name not in frames:
            continue
        for line, row in zip(frames[name].index, frames[name].to_dict("records"), strict=False):
            if row[column] in kinds and row["date"] and row["phase"]:
                expected = _phase_on(phases, row["date"])
                if expected != row["phase"]:
                    where = (
                        f"'{expected}' on {row['date']} (phases.csv)"
                        if expected
                        else f"no mission on {row['date']} (phases.csv)"
                    )
                    problems.append(
                        Problem(
                            TABLES[name].file,
                            int(line),
                            "phase",
                            row["phase"],
                            f"must be the mission in force on the row's date: a {row[column]} is dated, and there is "
                            f"{where}",
                        )
                    )
    return problems


def typed_rows(name: str, frame: pd.DataFrame) -> list[tuple[int, dict]]:
    """(line, row) for each row of a well-formed text frame, typed as the loader types it, so
    the rules below read rows exactly as the totals do (components/ledger.py)."""
    typed = to_typed(TABLES[name], frame)
    return list(zip((int(line) for line in typed.index), typed.to_dict("records"), strict=False))


def _personnel_problems(frame: pd.DataFrame) -> list[Problem]:
    """Per country: arrivals beyond all its pledges need a rotation or a note, and the
    running headcount never goes below zero. Both read the rows through the ledger's own
    functions (what a pledge, an arrival and a departure mean, how a disputed fact is dated)."""
    problems = []
    file = TABLES["contributions"].file
    by_country: dict[str, list[tuple[int, dict]]] = {}
    for line, row in typed_rows("contributions", frame):
        by_country.setdefault(row["country"], []).append((line, row))
    for country, numbered in by_country.items():
        line_of = {row["entry_id"]: line for line, row in numbered}
        rows = ledger.live_rows([row for _, row in numbered], "entry_id")
        status = ledger.country_status(rows, country)
        arrivals = [row for row in rows if row["stage"] == "arrival" and ledger.has_number(row["personnel"])]
        explained = any(BEYOND_PLEDGE in row["note"].lower() for row in rows if row["stage"] == "arrival")
        if status.pledged is not None and arrivals and status.arrived.low > status.pledged.high and not explained:
            line = max(line_of[row["entry_id"]] for row in arrivals)
            problems.append(
                Problem(
                    file,
                    line,
                    "stage",
                    "arrival",
                    f"arrivals of {country} add up to at least {status.arrived.low:,.0f}, more than its "
                    f"pledges in all ({status.pledged.high:,.0f}): record a relief contingent as rotation_in, or say "
                    f"why in an arrival's note with the words '{BEYOND_PLEDGE}'",
                )
            )
        in_haiti = ledger.ZERO
        for when, _order, stage, amount, group in ledger.headcount_steps(rows):
            if amount is None:
                continue
            if stage in ("rotation_out", "departure") and amount.low > in_haiti.high:
                line = line_of[group[0]["entry_id"]]
                problems.append(
                    Problem(
                        file,
                        line,
                        "personnel",
                        f"{amount.low:.0f}",
                        f"would take {country}'s estimated personnel in Haiti below zero (at most "
                        f"{in_haiti.high:,.0f} on {when.date().isoformat()}): is an arrival or headcount missing?",
                    )
                )
            in_haiti = ledger.apply_step(in_haiti, stage, amount)
    return problems


def _supersedes_problems(name: str, frame: pd.DataFrame, owner: str) -> list[Problem]:
    """A row restates an earlier row of the same country or donor, never itself or a later one."""
    problems = []
    by_id = dict(zip(frame[TABLES[name].id_column], frame.to_dict("records"), strict=False))
    for line, row in zip(frame.index, frame.to_dict("records"), strict=False):
        for old in filter(None, row.get("supersedes", "").split(";")):
            target = by_id.get(old)
            if target is None:
                continue  # reported by the reference check
            if old == row[TABLES[name].id_column] or target[owner] != row[owner] or target["date"] > row["date"]:
                problems.append(
                    Problem(
                        TABLES[name].file,
                        int(line),
                        "supersedes",
                        old,
                        f"must name an earlier row of the same {owner} (a row restates what came before it)",
                    )
                )
    return problems


def _money_problems(frame: pd.DataFrame) -> list[Problem]:
    """A restated total is never smaller than the parts it replaces (else one of the parts is
    itself a restatement, and the total would be added to it). The facts, their order and how
    a total moves are the ledger's own (components/ledger.py); a disputed fact is left out of
    the check, as a part and as a total: its size is not settled enough to call another wrong."""
    problems = []
    file = TABLES["funding"].file
    by_donor: dict[str, list[tuple[int, dict]]] = {}
    for line, row in typed_rows("funding", frame):
        by_donor.setdefault(row["donor"], []).append((line, row))
    for numbered in by_donor.values():
        line_of = {row["entry_id"]: line for line, row in numbered}
        running: dict[str, ledger.Range] = {}
        for group in ledger.money_facts([row for _, row in numbered]):
            step = ledger.running_step(group[0]["flow"])
            amount = ledger.range_of(group, "amount_usd")
            if step is None or amount is None or group[0]["dispute_id"]:
                continue
            measure, restates = step
            before = running.get(measure)
            if restates and before is not None and amount.high + 0.5 < before.low:
                kind = "commitment" if measure == "committed" else "deposit"
                row = group[0]
                problems.append(
                    Problem(
                        file,
                        line_of[row["entry_id"]],
                        "amount_usd",
                        _csv_number(row["amount_usd"]),
                        f"is a restated total smaller than the {kind}s before it ({before.low:,.0f}): mark the "
                        f"earlier rows that it restates as {kind}_total, or this one as a new {kind}",
                    )
                )
            running[measure] = ledger.moved(before, amount, restates)
    return problems


def _csv_number(value: float) -> str:
    """A typed amount as the CSV writes it ("6000000", not "6000000.0")."""
    return f"{value:.0f}" if float(value).is_integer() else str(value)


def _leftover_problems(table: Table, frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for column in ("title", "summary", "note", "topic"):
        if column not in frame.columns:
            continue
        for line, value in frame[column].items():
            if value and LEFTOVER.search(value):
                problems.append(
                    Problem(
                        table.file,
                        int(line),
                        column,
                        value[:60],
                        "has a leftover fragment (a leading ';', ',' or ':', or empty brackets such as '(Reuters: )')",
                    )
                )
    return problems


def wording_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Rules on words and source records alone: they parse no number or date, so they run even where a cell is
    malformed, and one broken cell does not hide a slip in a translation or a source record."""
    problems = source_problems(frames["sources"]) if "sources" in frames else []
    problems += avoided_form_problems(frames)
    for name, frame in frames.items():
        problems += _leftover_problems(TABLES[name], frame)
    return problems


def cross_table_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = _phase_problems(frames)
    if "events" in frames:
        problems += _resolution_problems(frames["events"])
    if "contributions" in frames:
        problems += _personnel_problems(frames["contributions"]) + _supersedes_problems(
            "contributions", frames["contributions"], "country"
        )
    if "funding" in frames:
        problems += _money_problems(frames["funding"]) + _supersedes_problems("funding", frames["funding"], "donor")
    for name, frame in frames.items():
        problems += _quote_problems(TABLES[name], frame)
    return problems


def _quote_problems(table: Table, frame: pd.DataFrame) -> list[Problem]:
    """Every fact row carries its source's words, with its number in them (components/quotes.py)."""
    if table.name not in quotes.QUOTED_TABLES:
        return []
    return [
        Problem(table.file, int(line), column, value, rule)
        for line, row in zip(frame.index, frame.to_dict("records"), strict=True)
        for column, value, rule in quotes.row_problems(table.name, row)
    ]
