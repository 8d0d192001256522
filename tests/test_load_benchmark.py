"""The load benchmark's protocol client and report parsing, without a server: the messages it
sends, how it judges a run from the messages it gets back, and how its reports are read."""

import json
import pathlib
import random
import urllib.parse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks import load, load_protocol, report
from benchmarks.load_protocol import RunResult, View

BASE = "http://127.0.0.1:8780"
PAGE_HASHES = {"a2b3": "", "1555": "Timeline", "352d": "Map"}  # page_script_hash -> url_pathname


def test_a_view_is_its_query_string():
    assert View("Timeline", ("KEN", "JAM"), "table").query_string() == "countries=JAM,KEN&tab=table"
    assert View("", ("KEN",)).path() == "/?countries=KEN"


def test_actions_keep_a_country_and_switch_tabs_only_where_there_are_tabs():
    rng, view = random.Random(7), View("Timeline")
    for _ in range(500):
        name, view = load_protocol.next_action(view, rng)
        assert 1 <= len(view.countries) <= 3 and view.route in load_protocol.ROUTES
        assert name != "switch tab" or view.route in load_protocol.TABBED


def test_the_rerun_message_is_what_the_frontend_sends_for_a_url():
    message = BackMsg()
    message.ParseFromString(load_protocol.rerun_message(View("Map", ("GTM",)), BASE))
    assert message.WhichOneof("type") == "rerun_script"
    state = message.rerun_script
    assert (state.page_name, state.query_string) == ("Map", "countries=GTM")
    assert state.context_info.url == f"{BASE}/Map?countries=GTM"
    assert not state.widget_states.widgets  # the URL carries the view, not widget values


def forward_messages(page_hash: str, shown: str | None, exception: bool = False, status: int = 0) -> list[bytes]:
    messages = []
    navigation = ForwardMsg()
    navigation.navigation.page_script_hash = page_hash
    for hash_, path in PAGE_HASHES.items():
        page = navigation.navigation.app_pages.add()
        page.page_script_hash, page.url_pathname = hash_, path
    messages.append(navigation)
    if exception:
        error = ForwardMsg()
        error.delta.new_element.exception.type = "KeyError"
        error.delta.new_element.exception.message = "'x'"
        messages.append(error)
    if shown is not None:
        link = ForwardMsg()
        link.delta.new_element.bidi_component.component_name = load_protocol.SHARE_LINK_COMPONENT
        link.delta.new_element.bidi_component.json = json.dumps({"links": [{"url": shown}]})
        messages.append(link)
    finished = ForwardMsg()
    finished.script_finished = status
    messages.append(finished)
    return [message.SerializeToString() for message in messages]


def judged(view: View, messages: list[bytes]) -> str | None:
    result = RunResult()
    assert [result.take(data) for data in messages][-1] is True  # script_finished ends the run
    return load_protocol.problem(result, view)


def test_a_run_that_drew_the_view_asked_for_passes():
    view = View("Timeline", ("JAM", "KEN"), "table")
    assert judged(view, forward_messages("1555", f"{BASE}/Timeline?countries=JAM,KEN&tab=table")) is None
    assert judged(View("", ("KEN",)), forward_messages("a2b3", "?countries=KEN")) is None


def test_a_run_that_drew_something_else_or_failed_is_an_error():
    view = View("Timeline", ("JAM", "KEN"), "table")
    assert "countries" in judged(view, forward_messages("1555", f"{BASE}/Timeline?countries=KEN&tab=table"))
    assert "tab" in judged(view, forward_messages("1555", f"{BASE}/Timeline?countries=JAM,KEN"))
    assert "the run drew 'Map'" in judged(view, forward_messages("352d", None))
    assert "KeyError" in judged(view, forward_messages("1555", None, exception=True))
    early = ForwardMsg.FINISHED_EARLY_FOR_RERUN
    assert "FINISHED_EARLY_FOR_RERUN" in judged(view, forward_messages("1555", None, status=early))
    assert load_protocol.problem(RunResult(), view) == "no script_finished"


def test_outcomes_in_a_window_are_the_actions_that_overlap_it():
    records = [
        load_protocol.ActionRecord("switch page", 1, 2, "applied"),
        load_protocol.ActionRecord("switch tab", 9, 11, "redone"),
        load_protocol.ActionRecord("change countries", 20, 21, "lost"),
    ]
    assert load_protocol.outcomes(records, (10, 15)) == {"redone": 1}
    assert sum(load_protocol.outcomes(records).values()) == 3


def test_nginx_logs_give_sessions_per_replica_and_errors(tmp_path):
    access = tmp_path / "access.log"
    access.write_text(
        '127.0.0.1 [04/Dec/2026:04:22:05 +0000] "GET /_stcore/stream HTTP/1.1" 101 1 rt=2 '
        "upstream=127.0.0.1:8781, 127.0.0.1:8782 ustatus=502, 101 route=a enc=-\n"
        '127.0.0.1 [04/Dec/2026:04:22:05 +0000] "GET /_stcore/stream HTTP/1.1" 502 1 rt=0 '
        "upstream=streamlit ustatus=- route=b enc=-\n"
        '127.0.0.1 [04/Dec/2026:04:22:06 +0000] "GET /Map HTTP/1.1" 200 1 rt=0 upstream=127.0.0.1:8781 ustatus=200\n',
        encoding="utf-8",
    )
    assert load.websockets_per_replica(access, 0) == {"127.0.0.1:8782": 1}
    errors = tmp_path / "error.log"
    errors.write_text(
        "2026/12/04 04:22:05 [error] 18320#18320: *511 no live upstreams while connecting to upstream, client: "
        '127.0.0.1, server: 127.0.0.1, request: "GET /_stcore/stream HTTP/1.1", upstream: "http://streamlit/x"\n',
        encoding="utf-8",
    )
    assert load.nginx_errors(errors, 0) == {"no live upstreams while connecting to upstream (/_stcore/stream)": 1}


def test_stack_reports_are_read_into_their_own_table(tmp_path):
    results = pathlib.Path(report.LOAD_RESULTS)
    for path in results.glob("load-*.txt"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    table = report.render_stack_load(tmp_path)
    stack_files = [p.name for p in results.glob("load-*.txt") if "\nreplica " in p.read_text(encoding="utf-8")]
    assert stack_files and all(name in table for name in stack_files)
    assert all(name not in report.render_load(tmp_path) for name in stack_files)
    reloads = list(results.glob("load-*reload*.txt"))
    assert reloads
    for path in reloads:
        parsed = report.parse_stack_report(path.read_text(encoding="utf-8"))
        assert int(parsed["during"]) == sum(int(parsed[k]) for k in ("applied", "redone", "unchecked", "lost")) + int(
            parsed["restart_errors"]
        )
        assert len(parsed["replicas"]) >= 2


def test_the_share_link_query_is_read_from_absolute_or_relative_links():
    assert load_protocol._share_link_query('{"links": [{"url": "http://h/Map?countries=KEN"}]}') == "countries=KEN"
    assert urllib.parse.parse_qs(load_protocol._share_link_query('{"links": [{"url": "?tab=table"}]}')) == {
        "tab": ["table"]
    }
    assert load_protocol._share_link_query("not json") is None
