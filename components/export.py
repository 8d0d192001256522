"""CSV downloads, built without Streamlit so they can be tested as plain functions.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is read by
Excel and LibreOffice as a formula, which can run commands or leak data when the file is opened
("CSV injection"). Such text cells, from the data or from titles, are written with a leading
single quote, as OWASP recommends, so spreadsheets show them as text. Numbers are left alone:
a numeric column's ``-500`` stays a number, and so does a text cell that is just a number.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: object) -> object:
    """``value``, with a leading quote if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame, sources: dict[str, dict] | None = None) -> bytes:
    """``frame`` as UTF-8 CSV; with ``sources``, each row also gets its source URLs. Tuples
    become ``;``-joined text; text that a spreadsheet would run as a formula is quoted."""
    flat = frame.copy()
    if sources is not None:
        flat["source_urls"] = [" ".join(sources[s]["url"] for s in ids if s in sources) for ids in flat["source_ids"]]
    for column in flat.columns:
        if pd.api.types.is_numeric_dtype(flat[column]) or pd.api.types.is_datetime64_any_dtype(flat[column]):
            continue  # numbers and dates: never formulas, and negative numbers stay numbers
        # A plain loop: Series.map keeps a datetime dtype on an empty frame, and .any() then fails.
        if any(isinstance(value, tuple) for value in flat[column]):
            flat[column] = flat[column].map(lambda v: ";".join(v) if isinstance(v, tuple) else v)
        if any(isinstance(value, str) and value.startswith(FORMULA_START) for value in flat[column]):
            flat[column] = [neutralise(value) for value in flat[column]]
    flat.columns = [neutralise(str(name)) for name in flat.columns]
    # CRLF line ends, as RFC 4180 has it: then a carriage return inside a cell is quoted too,
    # and cannot start a new row in a spreadsheet.
    return flat.to_csv(index=False, lineterminator="\r\n").encode("utf-8")
