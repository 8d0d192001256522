"""The dashboard's figures and their words, under the one name the pages use.

The work is done in layers, each its own module (no Streamlit in any of them):

- ``views``: which rows a view shows (period, countries, rows new since a link);
- ``figures``: the numbers, with their qualifiers, dates, confidence and sources (no words);
- ``wording``: single figures in words (qualifiers, confidence, provenance, labels);
- ``worded_tables``: the figures' tables in words (pages, CSV downloads, hovers);
- ``summary``: the view in sentences, and notes on why two figures differ;
- ``alt_text``: text alternatives for charts and their PNG captions.

This module only gathers their public names, so ``metrics.country_table`` and the like keep
working; new code may import from the layer itself.
"""

from __future__ import annotations

from components.alt_text import chart_export, donors_alt, events_alt, strength_alt, trust_fund_alt
from components.figures import (
    CHARTED_STATUSES,
    DONOR_MEASURES,
    STALE_AFTER_DAYS,
    AboveMissionWide,
    Figure,
    Overview,
    above_mission_wide,
    country_figures,
    country_statuses,
    donor_figures,
    exportable,
    headline,
    main_sources,
    mission_strength,
    overview,
    pledging_countries,
    source_lookup,
    strength_figures,
    trust_fund_figure,
)
from components.amount_words import QUALIFIER_WORDS, money, money_label, qualified, range_label
from components.amounts import ZERO, Range
from components.summary import (
    HEADLINE_HELP,
    headcount_note,
    headline_help,
    summary_text,
    trust_fund_note,
)
from components.views import (
    FACT_VIEWS,
    count_added_since,
    data_version,
    events_in_view,
    facts_in_view,
    filter_by_country,
    filter_events,
    is_new,
    new_ids,
    phase_on,
    rows,
    rows_added_since,
    terms_in,
    up_to,
)
from components.worded_tables import (
    COUNTRY_TABLE_COLUMNS,
    DONOR_MEASURE_WORDS,
    DONOR_TABLE_COLUMNS,
    STRENGTH_SERIES_COLUMNS,
    country_table,
    dispute_versions,
    donor_table,
    figure_caveat,
    other_contributors,
    strength_series,
    trust_fund_amount,
    trust_fund_rows,
)
from components.wording import (
    CONFIDENCE_WORDS,
    DASHBOARD_NAME,
    MEASURE_WORDS,
    MONEY_BASIS,
    PHASE_ACRONYMS,
    PHASE_NAMES,
    STATUS_LABELS,
    confidence_word,
    country_names,
    date_label,
    describe,
    filter_summary,
    localized_events,
    mark_disputed,
    measure_label,
    measure_labels,
    money_figure,
    money_range,
    phase_acronym,
    phase_name,
    provenance,
    sentence,
    sources_label,
)

__all__ = [
    "chart_export", "donors_alt", "events_alt", "strength_alt", "trust_fund_alt", "CHARTED_STATUSES",
    "DONOR_MEASURES", "STALE_AFTER_DAYS", "AboveMissionWide", "Figure", "Overview", "above_mission_wide",
    "country_figures", "country_statuses", "donor_figures", "exportable", "headline", "main_sources",
    "mission_strength", "overview", "pledging_countries", "source_lookup", "strength_figures",
    "trust_fund_figure", "QUALIFIER_WORDS", "money", "money_label", "qualified", "range_label", "ZERO",
    "Range", "HEADLINE_HELP", "headcount_note", "headline_help", "summary_text", "trust_fund_note",
    "FACT_VIEWS", "count_added_since", "data_version", "events_in_view", "facts_in_view", "filter_by_country",
    "filter_events", "is_new", "new_ids", "phase_on", "rows", "rows_added_since", "terms_in", "up_to",
    "COUNTRY_TABLE_COLUMNS", "DONOR_MEASURE_WORDS", "DONOR_TABLE_COLUMNS", "STRENGTH_SERIES_COLUMNS",
    "country_table", "dispute_versions", "donor_table", "figure_caveat", "other_contributors",
    "strength_series", "trust_fund_amount", "trust_fund_rows", "CONFIDENCE_WORDS", "DASHBOARD_NAME",
    "MEASURE_WORDS", "MONEY_BASIS", "PHASE_ACRONYMS", "PHASE_NAMES", "STATUS_LABELS", "confidence_word",
    "country_names", "date_label", "describe", "filter_summary", "localized_events", "mark_disputed",
    "measure_label", "measure_labels", "money_figure", "money_range", "phase_acronym", "phase_name",
    "provenance", "sentence", "sources_label",
]
