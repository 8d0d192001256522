"""The entry point (``streamlit run app.py``): the dashboard's pages and, in the same process,
its data API (``/api/v1/``, components/api_server.py) and its link previews, robots.txt and
sitemap.xml (components/preview_middleware.py).

``streamlit run`` reads this file for an ``App(...)`` assignment (Streamlit's ``st.App``, found
by parsing, not running, the file); finding ``app`` below, it imports this file as the module
``app`` and serves that App, which runs this same file as the dashboard's script with
``__name__ == "__main__"`` on every page run. So the first branch is the dashboard, the second
builds the server (the API's routes under ``server.baseUrlPath``), once per process. AppTest
runs the file as a script too, and Streamlit Community Cloud's ``streamlit run app.py`` finds
the same App.

The pages, their names in the sidebar and their addresses come from the page list
(``components/site.py``); the pages themselves are in ``pages/``, each also runs on its own
(the AppTests run each file). Addresses are the ones links have always used: ``/`` (Overview),
``/Timeline``, ``/Map``, ``/Pledges_and_deployments``, ``/Funding``, ``/Sources_and_method``.
The sidebar's page names are in the reader's language: the run's language is set from the URL
(or, on a page switch, the session's) before the navigation is built; the page then sets it
again in ``ui.open_page``, to the same value. Addresses never change with the language."""

from streamlit.starlette import App

if __name__ == "__main__":  # a page run of the dashboard
    from components import i18n, ui

    i18n.set_language(ui.page_language())
    ui.navigation().run()
else:  # `streamlit run app.py` (or uvicorn app:app) builds the server
    from components import allocator, api_server, preview_middleware

    allocator.limit_arenas()  # before any page run's thread takes an arena of its own
    app = App(
        __file__,
        routes=[*api_server.routes(), *preview_middleware.preview_routes()],
        middleware=preview_middleware.PREVIEW_MIDDLEWARE,
    )
