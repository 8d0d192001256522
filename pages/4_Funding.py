"""Funding: trust-fund totals against estimated needs, and pledges and receipts by donor."""

import streamlit as st

from components import charts, ledger, metrics, ui

ui.page_setup("Funding")
ds = ui.dataset()
state = ui.filters(ds)
sources = metrics.source_lookup(ds)
trust_fund = metrics.filter_by_country(ds.trust_fund.assign(scope="all"), "scope", state.with_countries([]))
funding = metrics.filter_by_country(ds.funding, "donor", state)
names = ds.countries.set_index("iso3")["name"]

INTRO = "The UN trust fund for the mission is financed by voluntary contributions; much support is bilateral or in kind. Amounts are as reported, in the currency reported."
st.title("Funding")
ui.filter_line(state, ds)
st.caption(INTRO)
ui.terms_used(ds, [INTRO, *funding["note"], *trust_fund["note"]])
chart_tab, table_tab = ui.view_tabs()
with chart_tab:
    if chart_tab.open:
        ui.plotly_chart(
            charts.trust_fund_figure(trust_fund, sources, state.start, state.end),
            alt=metrics.trust_fund_alt(trust_fund, charts.MEASURE_LABELS, state),
            key="trust_fund_chart",
            state=state,
            ds=ds,
            source_ids=[s for ids in trust_fund["source_ids"] for s in ids],
            note="Trust-fund totals are mission-wide: the country filter does not change them.",
        )
        st.caption("Trust-fund totals are mission-wide: the country filter does not change them.")
        donors = metrics.donor_table(ds, state)
        if donors[["committed_high", "deposited_high", "disbursed_high"]].notna().any().any():
            ui.plotly_chart(
                charts.funding_by_donor_figure(donors),
                alt=metrics.donors_alt(donors, state),
                key="donors_chart",
                state=state,
                ds=ds,
                source_ids=[s for ids in metrics.up_to(metrics.filter_by_country(ds.funding, "donor", state, period=False), state.end)["source_ids"] for s in ids],
                note="Totals as of the end date.",
            )
            st.caption("As of the end date, in US dollars where the source gives dollars. " + " ".join(f"{name.capitalize()}: {basis}." for name, basis in ledger.MONEY_BASIS.items()))
with table_tab:
    if table_tab.open:
        st.header("Totals by donor, as of the end date")
        donor_totals = metrics.donor_table(ds, state)
        st.dataframe(donor_totals[["donor_name", "committed", "deposited", "disbursed", "frozen", "claimed", "in_kind", "not_in_usd", "disputed"]], hide_index=True)
        st.caption(" ".join(f"{name.capitalize()}: {basis}." for name, basis in ledger.MONEY_BASIS.items()))
        st.header(f"Trust-fund totals and cost estimates ({len(trust_fund)})")
        ui.fact_dataframe(
            ui.with_source_columns(metrics.trust_fund_rows(trust_fund), sources)[["date", "measure_label", "amount", "confidence", "disputed", "note", "sources", "link", "new"]].iloc[::-1],
            hide_index=True,
            column_config={"date": ui.date_column(), "measure_label": "Measure", "amount": "Amount (as the source words it)", "link": ui.link_column()},
        )
        st.header(f"Donor entries ({len(funding)})")
        ui.fact_dataframe(
            ui.with_source_columns(funding, sources).assign(donor_name=funding["donor"].map(names))[
                ["date", "donor_name", "flow", "channel", "amount", "currency", "amount_usd", "qualifier", "items", "phase", "confidence", "disputed", "note", "sources", "link", "new"]
            ].iloc[::-1],
            hide_index=True,
            column_config={
                "date": ui.date_column(),
                "amount": st.column_config.NumberColumn("Amount", format="localized"),
                "amount_usd": st.column_config.NumberColumn("Amount (US$, as reported)", format="localized"),
                "link": ui.link_column(),
            },
        )
ui.download_csv(funding, "haiti_mission_funding", state, sources=sources)
ui.share_link(state)
ui.page_footer(ds)
