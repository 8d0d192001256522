"""Tables and downloads on a page: column headers in the reader's language, the "New" column,
the per-country table and the CSV downloads (formula-safe, components/export.py). The words
themselves are in components/labels.py, without Streamlit."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from components import export, metrics
from components.i18n import N_, _
from components.labels import COLUMN_LABELS, DATE_COLUMNS, LINK_COLUMNS, first_url
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


def fact_dataframe(frame: pd.DataFrame, **kwargs) -> None:
    """``st.dataframe`` for fact rows: with a first column "New" when the link being viewed
    is older than some of them (``share.whats_new``), without it otherwise."""
    if "new" in frame.columns:
        if frame["new"].any():
            frame = frame[["new", *[c for c in frame.columns if c != "new"]]]
            config = dict(kwargs.pop("column_config", None) or {})
            config["new"] = st.column_config.CheckboxColumn(
                _("New since link"), help=_("Added to the data after this link was shared.")
            )
            kwargs["column_config"] = config
        else:
            frame = frame.drop(columns="new")
    st.dataframe(frame, **kwargs)


def link_column(label: str = N_("Source")) -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(_(label), display_text=_("open ↗"))


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


def country_dataframe(table: pd.DataFrame, sources: dict[str, dict], columns: list[str]) -> None:
    """The per-country table (``metrics.country_table``) with its stage in words and a link
    to the source of each country's latest figure; ``columns`` picks what a page shows."""
    frame = table.assign(
        stage=table["status"].map(lambda status: _(metrics.STATUS_LABELS[status])),
        in_haiti_confidence=table["in_haiti_confidence"].map(
            lambda c: metrics.confidence_word(c) if isinstance(c, str) else c
        ),
        latest_source=[first_url(sources, ids) for ids in table["latest_figure_sources"]],
    )
    st.dataframe(frame[columns], hide_index=True, column_config=column_config(columns))
