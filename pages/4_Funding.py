"""Funding: trust-fund totals against estimated needs, and pledges and receipts by donor."""

import streamlit as st

from components import charts, metrics, ui

ui.page_setup("Funding")
ds = ui.dataset()
state = ui.filters(ds)
sources = metrics.source_lookup(ds)
trust_fund = metrics.filter_by_country(ds.trust_fund.assign(scope="all"), "scope", state.with_countries([]))
funding = metrics.filter_by_country(ds.funding, "donor", state)
names = ds.countries.set_index("iso3")["name"]

st.title("Funding")
st.caption("The UN trust fund for the mission is financed by voluntary contributions; much support is bilateral or in kind. Amounts are as reported, in the currency reported.")
chart_tab, table_tab = ui.view_tabs()
with chart_tab:
    if chart_tab.open:
        ui.plotly_chart(charts.trust_fund_figure(trust_fund, sources, state.start, state.end), alt=metrics.trust_fund_alt(trust_fund, charts.MEASURE_LABELS, state), key="trust_fund_chart")
        st.caption("Trust-fund totals are mission-wide: the country filter does not change them.")
        if funding["amount_usd"].notna().any():
            ui.plotly_chart(charts.funding_by_donor_figure(funding, names), alt="Funding by donor in US dollars, for the filtered donors and period.", key="donors_chart")
with table_tab:
    if table_tab.open:
        st.subheader(f"Donor entries ({len(funding)})")
        st.dataframe(
            ui.with_source_columns(funding, sources).assign(donor_name=funding["donor"].map(names))[
                ["date", "donor_name", "flow", "channel", "amount", "currency", "amount_usd", "qualifier", "items", "phase", "disputed", "note", "sources", "link"]
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
