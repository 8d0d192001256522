"""The pages' one import for Streamlit glue: ``ctx = ui.open_page(N_("Timeline"))`` and the
helpers that take that context. Each name is defined in the module of its concern:

- components/page.py: the page context, the navigation, the dataset, the footer;
- components/view_sync.py: the view in the URL and the session, the sidebar's filters;
- components/share.py: the share box, citations, what is new since a link;
- components/tables.py: tables' column headers, the "New" column, CSV downloads;
- components/elements.py: filter line, tabs, glossary terms, charts, the map;
- components/labels.py and components/safe_markdown.py: words and safe Markdown, no Streamlit.
"""

from components.elements import (
    axis_switch,
    contributor_map,
    filter_line,
    new_mark,
    plotly_chart,
    terms_used,
    time_player,
    view_tabs,
)
from components.labels import (
    dispute_notice,
    first_url,
    publishers,
    readable,
    sources_frame,
    sources_table,
    with_source_columns,
)
from components.page import PageContext, country_names, load_page_dataset, navigation, open_page, page_footer
from components.safe_markdown import cited, md_link, md_text, source_links
from components.share import share_link, share_links, share_snippets, view_words
from components.tables import (
    column_config,
    country_dataframe,
    date_column,
    download_csv,
    fact_dataframe,
    link_column,
    show_table,
    text_column,
)
from components.view_sync import is_embedded, page_language, view_bounds

__all__ = [
    "PageContext",
    "axis_switch",
    "cited",
    "column_config",
    "contributor_map",
    "country_dataframe",
    "country_names",
    "date_column",
    "dispute_notice",
    "download_csv",
    "fact_dataframe",
    "filter_line",
    "first_url",
    "is_embedded",
    "link_column",
    "load_page_dataset",
    "md_link",
    "md_text",
    "navigation",
    "new_mark",
    "open_page",
    "page_footer",
    "page_language",
    "plotly_chart",
    "publishers",
    "readable",
    "share_link",
    "share_links",
    "share_snippets",
    "show_table",
    "source_links",
    "sources_frame",
    "sources_table",
    "terms_used",
    "text_column",
    "time_player",
    "view_bounds",
    "view_tabs",
    "view_words",
    "with_source_columns",
]
