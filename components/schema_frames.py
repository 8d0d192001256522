"""The checks and the conversion built from the schema's declaration (components/schema.py):
a pandera schema per table, which checks each cell as the string typed into the CSV, and the
typed frame (dates, integers, lists) the loader makes once those checks pass. No Streamlit."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from components.schema import KINDS, Field, Table


# ---------------------------------------------------------------------------------------
# pandera schemas built from the declaration
# ---------------------------------------------------------------------------------------
def _cell_check(field_: Field) -> pa.Check:
    """A vectorised pandera check that applies the field's rule to every non-empty cell."""
    if field_.vocabulary:
        allowed = set(field_.vocabulary)
        test = allowed.__contains__
    else:
        test = KINDS[field_.kind].test

    def check(series: pd.Series) -> pd.Series:
        return series.map(lambda value: value == "" or bool(test(value))).astype(bool)

    return pa.Check(check, error=field_.rule())


def _required_check() -> pa.Check:
    return pa.Check(lambda s: s.astype(str) != "", error="must not be empty")


def pandera_schema(table: Table) -> pa.DataFrameSchema:
    columns = {}
    for f in table.fields:
        checks = [_cell_check(f)] + ([_required_check()] if f.required else [])
        columns[f.name] = pa.Column(str, checks=checks, unique=f.unique, nullable=False)
    return pa.DataFrameSchema(columns, strict=False, name=table.name)


# ---------------------------------------------------------------------------------------
# Typed conversion (after validation)
# ---------------------------------------------------------------------------------------
def _split(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split(";") if part)


def to_typed(table: Table, raw: pd.DataFrame) -> pd.DataFrame:
    """Turn a validated frame of strings into typed columns (dates, integers, lists)."""
    typed = pd.DataFrame(index=raw.index)
    for f in table.fields:
        column = raw[f.name]
        conversion = KINDS[f.kind].convert if not f.vocabulary else "text"
        if conversion == "date":
            typed[f.name] = pd.to_datetime(column.replace("", None), format="%Y-%m-%d")
        elif conversion == "count":
            typed[f.name] = pd.array([int(v) if v else None for v in column], dtype="Int64")
        elif conversion in ("amount", "float"):
            typed[f.name] = pd.array(
                [float(v) if v else None for v in column], dtype="Float64" if conversion == "amount" else "float64"
            )
        elif conversion == "list":
            typed[f.name] = pd.Series([_split(v) for v in column], index=raw.index, dtype=object)
        else:
            typed[f.name] = column.astype(object)
    typed.index.name = "line"
    return typed
