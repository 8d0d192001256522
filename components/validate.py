"""Check the dataset: ``python -m components.validate [DATA_DIR]`` (default: data/).

Exits 0 when the data is good. Otherwise prints one line per problem (file, line as seen
in the CSV, column, bad value, rule broken) and exits 1.
"""

from __future__ import annotations

import sys

from components.data import DEFAULT_DATA_DIR, check_dataset


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = args[0] if args else DEFAULT_DATA_DIR
    problems = check_dataset(data_dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found in {data_dir}", file=sys.stderr)
        return 1
    print(f"{data_dir}: all tables valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
