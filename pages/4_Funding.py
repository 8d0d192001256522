"""Funding: trust-fund totals against estimated needs, and pledges and receipts by donor."""

import streamlit as st

from components import charts, metrics, ui
from components.i18n import N_, _

ctx = ui.open_page(N_("Funding"))
ds, state = ctx.dataset, ctx.state
sources = metrics.source_lookup(ds)
trust_fund = metrics.filter_by_country(ds.trust_fund.assign(scope="all"), "scope", state.with_countries([]))
funding = metrics.filter_by_country(ds.funding, "donor", state)
names = metrics.country_names(ds)
# Why a donor's payments into the trust fund and its commitments to it differ (empty if none).
TRUST_FUND_NOTE = metrics.trust_fund_note(ds, state)
MONEY_BASIS = " ".join(_(basis) for basis in metrics.MONEY_BASIS.values())

INTRO = _(
    "The UN trust fund for the mission is financed by voluntary "
    "contributions; much support is bilateral or in kind. Amounts are as "
    "reported, in the currency reported."
)
st.title(_("Funding"))
ui.filter_line(ctx)
st.caption(INTRO)
ui.terms_used(ctx, [INTRO, *funding["note"], *trust_fund["note"]])
chart_tab, table_tab = ui.view_tabs(ctx)
with chart_tab:
    if chart_tab.open:
        ui.plotly_chart(
            charts.trust_fund_figure(trust_fund, sources, state.start, state.end),
            alt=metrics.trust_fund_alt(trust_fund, metrics.measure_labels(), state),
            key="trust_fund_chart",
            ctx=ctx,
            source_ids=[s for ids in trust_fund["source_ids"] for s in ids],
            note=_("Trust-fund totals are mission-wide: the country filter does not change them."),
        )
        st.caption(_("Trust-fund totals are mission-wide: the country filter does not change them."))
        donors = metrics.donor_table(ds, state)
        if donors[["committed_high", "deposited_high", "disbursed_high"]].notna().any().any():
            ui.axis_switch(ctx, "scale", "w_donors_scale")
            ui.plotly_chart(
                charts.funding_by_donor_figure(donors, ctx.state.scale),
                alt=" ".join(filter(None, [metrics.donors_alt(donors, state), TRUST_FUND_NOTE])),
                key="donors_chart",
                ctx=ctx,
                source_ids=[
                    s
                    for ids in metrics.up_to(
                        metrics.filter_by_country(ds.funding, "donor", state, period=False), state.end
                    )["source_ids"]
                    for s in ids
                ],
                note=_("Totals as of the end date."),
            )
            st.caption(_("As of the end date, in US dollars where the source gives dollars.") + " " + MONEY_BASIS)
            if TRUST_FUND_NOTE:
                st.caption(ui.md_text(TRUST_FUND_NOTE))
with table_tab:
    if table_tab.open:
        st.header(_("Totals by donor, as of the end date"))
        donor_totals = metrics.donor_table(ds, state)
        columns = [
            "donor_name",
            "committed",
            "deposited",
            "disbursed",
            "frozen",
            "claimed",
            "in_kind",
            "not_in_usd",
            "disputed",
        ]
        st.dataframe(donor_totals[columns], hide_index=True, column_config=ui.column_config(columns))
        st.caption(MONEY_BASIS)
        if TRUST_FUND_NOTE:
            st.caption(ui.md_text(TRUST_FUND_NOTE))
        st.header(_("Trust-fund totals and cost estimates ({n})").format(n=len(trust_fund)))
        columns = [
            "date",
            "measure_label",
            "amount",
            "confidence",
            "disputed",
            "note",
            "sources",
            "source_says",
            "link",
            "new",
        ]
        ui.fact_dataframe(
            ui.readable(ui.with_source_columns(metrics.trust_fund_rows(trust_fund), sources, new_ids=ctx.new_ids))[
                columns
            ].iloc[::-1],
            hide_index=True,
            column_config=ui.column_config(
                columns, amount=N_("Amount (as the source words it)"), link=ui.link_column()
            ),
        )
        st.header(_("Donor entries ({n})").format(n=len(funding)))
        columns = [
            "date",
            "donor_name",
            "flow",
            "channel",
            "amount",
            "currency",
            "amount_usd",
            "qualifier",
            "items",
            "phase",
            "confidence",
            "disputed",
            "note",
            "sources",
            "source_says",
            "link",
            "new",
        ]
        ui.fact_dataframe(
            ui.readable(
                ui.with_source_columns(funding, sources, new_ids=ctx.new_ids).assign(
                    donor_name=funding["donor"].map(names)
                )
            )[columns].iloc[::-1],
            hide_index=True,
            column_config=ui.column_config(
                columns,
                amount=st.column_config.NumberColumn(_("Amount"), format="localized"),
                amount_usd=st.column_config.NumberColumn(_("Amount (US$, as reported)"), format="localized"),
                link=ui.link_column(),
            ),
        )
ui.download_csv(funding, "haiti_mission_funding", ctx, sources=sources)
ui.share_link(ctx)
ui.page_footer(ctx)
