"""The entry point (``streamlit run app.py``): the pages, their names in the sidebar and their
addresses. The pages themselves are in ``pages/``; each also runs on its own (the AppTests run
each file). Addresses are the ones links have always used: ``/`` (Overview), ``/Timeline``,
``/Map``, ``/Pledges_and_deployments``, ``/Funding``, ``/Sources_and_method``.

The sidebar's page names are in the reader's language: the run's language is set from the URL
(or, on a page switch, the session's) before the navigation is built; the page then sets it
again in ``ui.page_setup``, to the same value. Addresses never change with the language."""

import pathlib

import streamlit as st

from components import i18n, ui
from components.i18n import _

PAGES = pathlib.Path(__file__).parent / "pages"

i18n.set_language(ui.page_language())
navigation = st.navigation(
    [
        st.Page(PAGES / "0_Overview.py", title=_("Overview"), url_path="Overview", default=True),
        st.Page(PAGES / "1_Timeline.py", title=_("Timeline"), url_path="Timeline"),
        st.Page(PAGES / "2_Map.py", title=_("Map"), url_path="Map"),
        st.Page(PAGES / "3_Pledges_and_deployments.py", title=_("Pledges and deployments"), url_path="Pledges_and_deployments"),
        st.Page(PAGES / "4_Funding.py", title=_("Funding"), url_path="Funding"),
        st.Page(PAGES / "5_Sources_and_method.py", title=_("Sources and method"), url_path="Sources_and_method"),
    ],
    # Embedded (?embed=true), a page shows its content only: no sidebar, so no page list either.
    position="hidden" if ui.embedded() else "sidebar",
)
navigation.run()
