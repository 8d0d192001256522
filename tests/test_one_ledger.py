"""One ledger: the validator's cross-table rules (components/data.py) and the totals the pages
show (components/ledger.py, components/figures.py) read each row through the same functions,
so they agree on what a row means, on the fixture data and on rows made to test the edges."""

import pandas as pd

from components import data, data_rules, ledger
from components.data import check_dataset, load_dataset
from tests.conftest import FIXTURE_DATA
from tests.test_validate import edit_row, messages


def by(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def validator_rows(name: str) -> list[dict]:
    """A table's rows as the validator's ledger rules read them."""
    frames, problems = data._read_and_check(FIXTURE_DATA)
    assert problems == []
    return [row for _, row in data_rules.typed_rows(name, frames[name])]


def test_the_validator_and_the_totals_agree_on_every_country_and_donor_of_the_fixture(ds):
    assert check_dataset(FIXTURE_DATA) == []
    checked = by(validator_rows("contributions"), "country")
    shown = by(ds.contributions.to_dict("records"), "country")
    assert checked.keys() == shown.keys()
    for country, rows in shown.items():
        assert ledger.country_status(checked[country], country) == ledger.country_status(rows, country), country
    checked = by(validator_rows("funding"), "donor")
    shown = by(ds.funding.to_dict("records"), "donor")
    assert checked.keys() == shown.keys()
    for donor, rows in shown.items():
        assert ledger.donor_totals(checked[donor], donor) == ledger.donor_totals(rows, donor), donor


def test_no_fixture_headcount_goes_below_zero_and_no_arrival_beyond_a_pledge_is_unexplained(ds):
    # What the validator accepts, the totals show as sound: every estimate at least zero, and
    # arrivals beyond the largest pledge only where a note says why.
    for country, rows in by(ds.contributions.to_dict("records"), "country").items():
        status = ledger.country_status(rows, country)
        assert status.in_haiti.low >= 0, country
        if status.pledged is not None and status.arrived.low > status.pledged.high:
            assert any(data_rules.BEYOND_PLEDGE in row["note"].lower() for row in rows if row["stage"] == "arrival"), (
                country
            )


def test_a_disputed_movement_is_dated_by_its_earliest_row_in_the_validator_too(data_copy):
    # Kenya's disputed rotation out (C19, C19b) around its 9 December 2025 headcount (C20,
    # about 700). Made large, it fits the estimate only if it happened before that headcount.
    edited = "Edited for this test."  # a number changed by a test is not its source's: the reason says so
    edit_row(data_copy, "contributions.csv", "C19", date="2025-12-10", personnel="900", quote_number_note=edited)
    edit_row(data_copy, "contributions.csv", "C19b", date="2025-12-09", personnel="950", quote_number_note=edited)
    rows = [
        row
        for row in load_dataset(data_copy).contributions.to_dict("records")
        if row["dispute_id"] == "ken-returnees-dec-2025"
    ]
    assert ledger.group_date(rows, "rotation_out") == pd.Timestamp("2025-12-09")  # not the first row's date
    assert messages(data_copy) == []
    # Both versions after the headcount: now the validator must object, with the ledger's figure.
    line = edit_row(data_copy, "contributions.csv", "C19b", date="2025-12-10")
    found = messages(data_copy)
    assert any(
        m.startswith(
            f"contributions.csv:{line - 1}: column 'personnel': value '900' would take KEN's estimated personnel "
            "in Haiti below zero (at most 700 on 2025-12-10)"
        )
        for m in found
    ), found


def test_has_number_is_the_one_test_of_a_typed_number():
    assert [ledger.has_number(v) for v in (0, 1.5, None, float("nan"), pd.NA)] == [True, True, False, False, False]


def test_a_contributors_own_costs_are_no_donation(data_copy):
    # F09s is a US disbursement from its trust-fund commitment; made a contributor's own cost
    # (like Kenya's supplementary budgets), it leaves every donor total, and a country whose
    # only money rows are its own costs is not listed as a donor at all.
    from components import metrics
    from tests.test_metrics import EVERYTHING

    before = metrics.donor_table(load_dataset(data_copy), EVERYTHING).set_index("donor")
    assert before.loc["USA", "disbursed_high"] == 1_700_000
    edit_row(data_copy, "funding.csv", "F09s", flow="own_cost")
    path = data_copy / "funding.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    own = next(line for line in lines if line.startswith("F09s,"))
    path.write_text("".join(lines) + own.replace("F09s,USA,", "F09k,KEN,", 1), encoding="utf-8")
    assert check_dataset(data_copy) == []
    after = metrics.donor_table(load_dataset(data_copy), EVERYTHING).set_index("donor")
    assert pd.isna(after.loc["USA", "disbursed_high"])
    assert "KEN" not in after.index
    assert after.loc["USA", "committed_high"] == before.loc["USA", "committed_high"]


def test_a_disputed_delivery_in_kind_is_listed_once(data_copy):
    # Two versions of one delivery (a dispute over its date) are one fact: its items are named
    # once in the donor's in-kind list, not once per version.
    from components import figures
    from tests.test_metrics import EVERYTHING

    path = data_copy / "funding.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    f12 = next(line for line in lines if line.startswith("F12,"))
    second = f12.replace("F12,USA,2025-10-08,", "F12b,USA,2025-10-09,", 1)
    path.write_text("".join(lines) + second, encoding="utf-8")
    for entry in ("F12", "F12b"):
        edit_row(data_copy, "funding.csv", entry, dispute_id="usa-vehicles-date")
    disputes = data_copy / "disputes.csv"
    disputes.write_text(
        disputes.read_text(encoding="utf-8")
        + "usa-vehicles-date,Date of the 20 armoured vehicles,8 or 9 October 2025.,Date des 20 blindés,"
        "Le 8 ou le 9 octobre 2025.,Dat 20 machin blende yo,8 oswa 9 oktòb 2025.\n",
        encoding="utf-8",
    )
    assert check_dataset(data_copy) == []
    (usa,) = [d for d in figures.donor_figures(load_dataset(data_copy), EVERYTHING) if d.donor == "USA"]
    assert usa.in_kind.count("20 armoured vehicles") == 1 and usa.disputed
