"""A problem in the data: the file, the line as a person sees it in the CSV, the column, the
bad value and the rule broken. Shared by the reader (components/data.py) and the rules
(components/data_rules.py)."""

from __future__ import annotations

from dataclasses import dataclass


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
