"""The entry point (``streamlit run app.py``): the pages, their names in the sidebar and their
addresses, from the page list (``components/site.py``). The pages themselves are in ``pages/``;
each also runs on its own (the AppTests run each file). Addresses are the ones links have always
used: ``/`` (Overview), ``/Timeline``, ``/Map``, ``/Pledges_and_deployments``, ``/Funding``,
``/Sources_and_method``.

The sidebar's page names are in the reader's language: the run's language is set from the URL
(or, on a page switch, the session's) before the navigation is built; the page then sets it
again in ``ui.open_page``, to the same value. Addresses never change with the language."""

from components import i18n, ui

i18n.set_language(ui.page_language())
ui.navigation().run()
