"""Tables and downloads on a page: column headers in the reader's language, the "New" column,
the per-country table and the CSV downloads (formula-safe, components/export.py). The words
themselves are in components/labels.py, without Streamlit."""

from __future__ import annotations

import copy
import functools
import re

import pandas as pd
import streamlit as st

from components import export, labels, metrics
from components.i18n import N_, _
from components.labels import COLUMN_LABELS, DATE_COLUMNS, LINK_COLUMNS, MORE_LINK_LABELS
from components.url_state import FilterState


def download_csv(
    frame: pd.DataFrame,
    file_stem: str,
    ctx,
    label: str = N_("Download this data (CSV)"),
    sources: dict[str, dict] | None = None,
) -> None:
    """A CSV download of ``frame``; with ``sources``, each row also gets its source URLs.
    Not drawn on an embedded page."""
    if ctx.embedded:
        return
    state: FilterState = ctx.state
    stem = f"{file_stem}_{state.start:%Y%m%d}-{state.end:%Y%m%d}" + (
        f"_{'-'.join(state.countries)}" if state.countries else ""
    )
    # A callable: the CSV is only built when someone clicks, not on every rerun.
    st.download_button(
        _(label),
        functools.partial(export.csv_bytes, frame, sources),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"dl_{file_stem}",
    )


LINK_BASES = tuple(MORE_LINK_LABELS)  # a row's first source link; ``<base>_2``... the others


def with_all_links(columns, available) -> list[str]:
    """``columns`` with each link column followed by its further links (``link_2``, ``link_3``...)
    where the frame has them: every source of a row is a link."""
    expanded = []
    for column in columns:
        expanded.append(column)
        if column in LINK_BASES:
            more = [c for c in available if re.fullmatch(re.escape(column) + r"_\d+", str(c))]
            expanded += sorted(more, key=lambda c: int(str(c).rsplit("_", 1)[1]))
    return expanded


def _kind(setting) -> str | None:
    """A column config's type ("link", "date"...), None for a plain header."""
    return setting.get("type_config", {}).get("type") if isinstance(setting, dict) else None


def show_table(frame, columns=None, column_config: dict | None = None, ctx=None, memo=None, **kwargs) -> None:
    """``st.dataframe`` as a reader needs it: ``columns`` (every further source link included),
    each column as wide as its header and its longest cell (a long text wraps onto taller rows),
    numbers as the reader's language writes them, missing values empty. With ``ctx`` (a table
    of the Table tab), its height goes into ``ctx.tables``, for the embed snippet's height.

    ``memo``, a (dataset, name) pair, for a table that depends on the data and the language
    only (the Sources page's): the table is prepared once per dataset and language and kept
    with the dataset; ``frame`` may then be a function that builds it, called only then."""
    if memo is None:
        shown, fitted, row_px = _prepared(frame, columns, column_config)
    else:
        dataset, name = memo
        shown, fitted, row_px = dataset.derived(
            f"shown_table:{name}", lambda: _prepared(frame() if callable(frame) else frame, columns, column_config)
        )
        fitted = copy.deepcopy(fitted)  # Streamlit's own copy of the settings, the kept ones untouched
    if row_px and "height" not in kwargs:  # as many rows in view as with one-line rows, up to ten
        kwargs["height"] = min(len(shown), labels.ROWS_IN_VIEW) * row_px + labels.HEADER_PX
    if ctx is not None:
        ctx.tables.append(int(kwargs.get("height") or labels.grid_height(len(shown))))
    st.dataframe(shown, column_config=fitted, hide_index=kwargs.pop("hide_index", True), row_height=row_px, **kwargs)


def _prepared(frame: pd.DataFrame, columns, column_config: dict | None) -> tuple[pd.DataFrame, dict, int | None]:
    """``show_table``'s frame as text, its column settings with their widths, and its row height."""
    columns = with_all_links(list(columns if columns is not None else frame.columns), frame.columns)
    frame = frame[columns]
    config = dict(column_config or {})
    for column in columns:
        base, _sep, n = str(column).rpartition("_")
        if column not in config and base in LINK_BASES and n.isdigit():
            config[column] = link_column(MORE_LINK_LABELS[base], n=int(n))
    links = [c for c in columns if _kind(config.get(c)) == "link"]
    shown = labels.shown_frame(frame, keep=links)
    fitted = {}
    for column in columns:
        setting = config.get(column)
        header = setting if isinstance(setting, str) else (setting or {}).get("label") or str(column)
        width = labels.column_width(shown[column].tolist(), header, link=column in links)
        if _kind(setting) in ("link", "checkbox"):
            fitted[column] = {**setting, "width": width}
        elif shown[column].dtype == bool:
            fitted[column] = st.column_config.CheckboxColumn(header, width=width)
        else:  # numbers and dates are text now, written as the reader's language writes them
            help_text = setting.get("help") if isinstance(setting, dict) else None
            fitted[column] = st.column_config.TextColumn(header, help=help_text, width=width)
    texts = {c: w["width"] for c, w in fitted.items() if c not in links and w["type_config"]["type"] == "text"}
    # Narrowing keeps every column within the rows' lines, so the height is worked out once.
    lines = labels.row_lines(shown, texts)
    headers = {c: fitted[c].get("label") or str(c) for c in texts}
    for column, width in labels.narrowed_to_rows(shown, texts, headers, lines).items():
        fitted[column]["width"] = width
    return shown, fitted, labels.row_height(lines)


def fact_dataframe(frame: pd.DataFrame, columns=None, **kwargs) -> None:
    """``show_table`` for fact rows: with a first column "New" when the link being viewed
    is older than some of them (``share.whats_new``), without it otherwise."""
    columns = list(columns if columns is not None else frame.columns)
    if "new" in columns:
        columns.remove("new")
        if frame["new"].any():
            columns.insert(0, "new")
            config = dict(kwargs.pop("column_config", None) or {})
            config["new"] = st.column_config.CheckboxColumn(
                _("New since link"), help=_("Added to the data after this link was shared.")
            )
            kwargs["column_config"] = config
    show_table(frame, columns, **kwargs)


def link_column(label: str = N_("Source"), **values) -> st.column_config.LinkColumn:
    """A column of links, each showing its site's name ("reuters.com"), so that a reader can
    tell which report is which."""
    return st.column_config.LinkColumn(_(label).format(**values), display_text=labels.SITE_PATTERN)


def text_column(label: str, help_text: str) -> st.column_config.TextColumn:
    """A text column whose header stays short and explains itself on hover (a long header
    would make the column as wide as its words)."""
    return st.column_config.TextColumn(_(label), help=_(help_text))


def date_column(label: str = N_("Date")) -> st.column_config.DateColumn:
    return st.column_config.DateColumn(_(label), format="YYYY-MM-DD")


def column_config(columns, **overrides) -> dict:
    """Headers in the current language for a table's ``columns``: dates as dates, links as
    links; ``overrides`` (column -> English message or a column config) wins."""
    config = {}
    for column in columns:
        if column in overrides:
            value = overrides[column]
            config[column] = _(value) if isinstance(value, str) else value
        elif column in DATE_COLUMNS:
            config[column] = date_column(DATE_COLUMNS[column])
        elif column in LINK_COLUMNS:
            config[column] = link_column(LINK_COLUMNS[column])
        elif column in COLUMN_LABELS:
            config[column] = _(COLUMN_LABELS[column])
    return config


def country_dataframe(table: pd.DataFrame, sources: dict[str, dict], columns: list[str], ctx=None) -> None:
    """The per-country table (``metrics.country_table``) with its stage in words, and links to
    the sources of each country's pledges and of its latest figure, each source a link;
    ``columns`` picks what a page shows."""
    frame = table.assign(
        stage=table["status"].map(lambda status: _(metrics.STATUS_LABELS[status])),
        in_haiti_confidence=table["in_haiti_confidence"].map(
            lambda c: metrics.confidence_word(c) if isinstance(c, str) else c
        ),
        **labels.link_columns(sources, table["latest_figure_sources"].tolist(), "latest_source"),
        **(
            labels.link_columns(sources, table["pledge_sources"].tolist(), "pledge_source")
            if "pledge_sources" in table.columns
            else {}
        ),
    )
    show_table(frame, columns, column_config=column_config(with_all_links(columns, frame.columns)), ctx=ctx)
