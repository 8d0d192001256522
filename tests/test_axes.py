"""The axes readers expect: linear or log where values span orders of magnitude, absolute or
share of the total where countries are compared; each switch in the link and read by the page."""

import pytest

from components import chart_axes, i18n
from tests.test_pages import plotly_specs, qp, run

PLEDGES = "pages/3_Pledges_and_deployments.py"


def test_log_ticks_are_written_in_full():
    ticks = chart_axes.log_ticks([3, 75, 1000, 2500])
    assert ticks["tickvals"] == [1, 10, 100, 1000, 10000] or ticks["tickvals"][0] >= 1
    assert "1,000" in ticks["ticktext"] and not any("e" in t or "k" in t for t in ticks["ticktext"])
    narrow = chart_axes.log_ticks([20, 600])
    assert {20, 50, 100, 200, 500} <= set(narrow["tickvals"])  # 2 and 5 of each decade when it spans little
    with i18n.language("fr"):
        assert "1\u202f000" in chart_axes.log_ticks([3, 1000])["ticktext"] or "1 000" in " ".join(
            chart_axes.log_ticks([3, 1000])["ticktext"]
        )
    assert chart_axes.log_ticks([0, None, float("nan")]) == {}
    assert chart_axes.scale_axis("linear", "personnel")["type"] == "linear"
    assert "(log scale)" in chart_axes.scale_axis("log", "personnel", [1, 100])["title"]["text"]


def axis(spec: dict, name: str) -> dict:
    return spec["layout"].get(name, {})


def test_the_pledges_page_opens_with_the_links_axes_and_its_switches_write_them():
    at = run(PLEDGES)
    pledges, personnel = plotly_specs(at)
    assert axis(pledges, "xaxis").get("type", "linear") == "linear"
    assert not any(trace.get("groupnorm") for trace in personnel["data"])
    at.radio(key="w_pledges_scale").set_value("log").run()
    assert qp(at, "scale") == "log"
    assert axis(plotly_specs(at)[0], "xaxis")["type"] == "log"
    at.radio(key="w_personnel_values").set_value("share").run()
    assert qp(at, "values") == "share" and qp(at, "scale") == "log"
    assert plotly_specs(at)[1]["data"][0]["groupnorm"] == "percent"
    assert not at.exception
    opened = run(PLEDGES, {"scale": "log", "values": "share"})
    assert opened.radio(key="w_pledges_scale").value == "log"
    assert opened.radio(key="w_personnel_values").value == "share"


@pytest.mark.parametrize("lang", ["fr", "ht"])
def test_the_switches_speak_the_pages_language(lang):
    at = run(PLEDGES, {"lang": lang})
    labels = [radio.label for radio in at.radio] + [o for radio in at.radio for o in radio.options]
    assert not {"Scale", "Values", "Linear", "Share of total", "Absolute"} & set(labels), labels


def test_the_funding_page_draws_money_on_a_log_scale_from_the_link():
    at = run("pages/4_Funding.py", {"scale": "log"})
    donors = [
        spec for spec in plotly_specs(at) if axis(spec, "xaxis").get("title", {}).get("text", "").startswith("US$")
    ]
    assert donors and axis(donors[0], "xaxis")["type"] == "log"
    assert all("$" in text for text in axis(donors[0], "xaxis")["ticktext"])
    assert not at.exception
