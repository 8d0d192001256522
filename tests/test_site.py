"""Each name once: the page list (components/site.py) is the pages/ folder, the navigation is
built from it, and the benchmarks share the browser helpers with the tests without importing
the tests."""

import ast
import pathlib

from components import site

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_the_page_list_is_the_pages_folder():
    assert sorted(spec.file for spec in site.PAGES) == sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py")
    )
    assert [spec.address for spec in site.PAGES] == [
        "/",
        "/Timeline",
        "/Map",
        "/Pledges_and_deployments",
        "/Funding",
        "/Sources_and_method",
    ]
    assert len({spec.title for spec in site.PAGES}) == len(site.PAGES)


def test_every_page_opens_with_its_title_from_the_list():
    titles = {}
    for spec in site.PAGES:
        tree = ast.parse((ROOT / spec.file).read_text(encoding="utf-8"))
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "open_page"
        ]
        assert len(calls) == 1, f"{spec.file} must open once with ui.open_page"
        titles[spec.file] = calls[0].args[0].args[0].value  # ui.open_page(N_("..."))
    assert titles == {spec.file: spec.title for spec in site.PAGES}


def imported_modules(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def test_benchmarks_and_deploy_import_no_tests():
    for folder in ("benchmarks", "browser_kit", "deploy"):
        for path in (ROOT / folder).glob("*.py"):
            assert not [m for m in imported_modules(path) if m == "tests" or m.startswith("tests.")], path


GLUE = {"ui", "page", "view_sync", "share", "tables", "elements", "labels", "site", "streamlit_internals"}


def test_no_module_reads_another_modules_private_names():
    # ui._csv_bytes, ui._sidebar_facts...: a module's private names stay in it.
    for folder in ("components", "pages", "benchmarks", "deploy", "tests", "browser_kit"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id in GLUE
                    and not node.attr.startswith("__")
                ):
                    assert not node.attr.startswith("_"), f"{path}: {node.value.id}.{node.attr}"


def test_only_the_view_sync_keeps_session_state():
    # The page context carries what the helpers need; the session keeps the view between runs.
    users = [
        path.relative_to(ROOT).as_posix()
        for folder in ("components", "pages")
        for path in sorted((ROOT / folder).glob("*.py"))
        if "st.session_state" in path.read_text(encoding="utf-8")
    ]
    assert users == ["components/view_sync.py"]
