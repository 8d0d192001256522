"""The entry point (``streamlit run app.py``): the pages, their names in the sidebar and their
addresses. The pages themselves are in ``pages/``; each also runs on its own (the AppTests run
each file). Addresses are the ones links have always used: ``/`` (Overview), ``/Timeline``,
``/Map``, ``/Pledges_and_deployments``, ``/Funding``, ``/Sources_and_method``."""

import pathlib

import streamlit as st

from components import ui

PAGES = pathlib.Path(__file__).parent / "pages"

navigation = st.navigation(
    [
        st.Page(PAGES / "0_Overview.py", title="Overview", url_path="Overview", default=True),
        st.Page(PAGES / "1_Timeline.py", title="Timeline", url_path="Timeline"),
        st.Page(PAGES / "2_Map.py", title="Map", url_path="Map"),
        st.Page(PAGES / "3_Pledges_and_deployments.py", title="Pledges and deployments", url_path="Pledges_and_deployments"),
        st.Page(PAGES / "4_Funding.py", title="Funding", url_path="Funding"),
        st.Page(PAGES / "5_Sources_and_method.py", title="Sources and method", url_path="Sources_and_method"),
    ],
    # Embedded (?embed=true), a page shows its content only: no sidebar, so no page list either.
    position="hidden" if ui.embedded() else "sidebar",
)
navigation.run()
