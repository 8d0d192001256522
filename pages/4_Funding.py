"""Funding: trust-fund totals against estimated needs, and pledges and receipts by donor."""

import streamlit as st

from components import charts, metrics, ui
from components.i18n import N_, _

ctx = ui.open_page(N_("Funding"))
ds, state = ctx.dataset, ctx.state
sources = metrics.source_lookup(ds)
trust_fund = metrics.on_period(
    ds,
    "funding_trust_fund",
    state,
    lambda: metrics.filter_by_country(ds.trust_fund.assign(scope="all"), "scope", state.with_countries([])),
)
funding = metrics.filter_by_country(ds.funding, "donor", state)
names = metrics.country_names(ds)
# Why a donor's payments into the trust fund and its commitments to it differ (empty if none).
TRUST_FUND_NOTE = metrics.trust_fund_note(ds, state)
MONEY_BASIS = metrics.money_basis()  # each measure under the legend's and the table's one name
# How the trust fund's totals (raised, balance, received, pledged) differ, with their figures.
MEASURES_NOTE = metrics.on_period(
    ds, "funding_measures_note", state, lambda: metrics.trust_fund_measures_note(ds, state)
)
LABELS = metrics.measure_labels()

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
        # The trust fund is mission-wide: its chart and words are built once per period and
        # language, not on every country filter change.
        trust_fund_chart, trust_fund_alt = metrics.on_period(
            ds,
            "funding_trust_fund_chart",
            state,
            lambda: (
                charts.trust_fund_figure(trust_fund, sources, state.start, state.end),
                metrics.trust_fund_alt(trust_fund, metrics.measure_labels(), state),
            ),
        )
        ui.plotly_chart(
            trust_fund_chart,
            alt=" ".join(filter(None, [trust_fund_alt, MEASURES_NOTE])),
            key="trust_fund_chart",
            ctx=ctx,
            source_ids=[s for ids in trust_fund["source_ids"] for s in ids],
            note=_("Trust-fund totals are mission-wide: the country filter does not change them."),
        )
        st.caption(_("Trust-fund totals are mission-wide: the country filter does not change them."))
        if MEASURES_NOTE:
            st.caption(ui.md_text(MEASURES_NOTE))
        donors = metrics.donor_table(ds, state)
        # Donors with nothing to draw, named under the chart (and in its text alternative).
        no_bar = metrics.without_bars(
            donors, charts.DONOR_BARS, N_("No US-dollar amount committed, paid or released, so no bar: {names}.")
        )
        has_bars = metrics.has_bar(donors, charts.DONOR_BARS).any()
        if has_bars:
            ui.axis_switch(ctx, "scale", "w_donors_scale")
            ui.plotly_chart(
                charts.funding_by_donor_figure(donors, ctx.state.scale),
                alt=" ".join(filter(None, [metrics.donors_alt(donors, state), no_bar, TRUST_FUND_NOTE])),
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
        # Said with or without a chart: a selection of donors with no dollar figure (the EU's
        # euros) would otherwise show nothing of them here.
        if no_bar:  # an embedded page has no tabs, so it does not point to one
            st.caption(ui.md_text(no_bar) + ("" if ctx.embedded else " " + _("The Table tab lists what they gave.")))
        if has_bars:
            st.caption(_("As of the end date, in US dollars where the source gives dollars.") + " " + MONEY_BASIS)
            if TRUST_FUND_NOTE:
                st.caption(ui.md_text(TRUST_FUND_NOTE))
with table_tab:
    if table_tab.open:
        st.header(_("Totals by donor, as of the end date"))
        donor_totals = ui.with_source_columns(metrics.donor_table(ds, state), sources)
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
            "latest_date",
            "sources",
            "link",
        ]
        ui.show_table(
            donor_totals,
            columns,
            column_config=ui.column_config(
                columns, latest_date=ui.date_column(N_("Latest entry")), link=ui.link_column()
            ),
            ctx=ctx,
        )
        st.caption(MONEY_BASIS)
        if MEASURES_NOTE:
            st.caption(ui.md_text(MEASURES_NOTE))
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
            ui.readable(ui.with_source_columns(metrics.trust_fund_rows(trust_fund), sources, new_ids=ctx.new_ids)).iloc[
                ::-1
            ],
            columns,
            hide_index=True,
            column_config=ui.column_config(
                columns,
                amount=ui.text_column(N_("Amount"), N_("As the source words it: its qualifier and currency.")),
                link=ui.link_column(),
            ),
            ctx=ctx,
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
            ).iloc[::-1],
            columns,
            hide_index=True,
            column_config=ui.column_config(
                columns,
                amount=N_("Amount"),
                amount_usd=N_("Amount (US$, as reported)"),
                link=ui.link_column(),
            ),
            ctx=ctx,
        )
ui.download_csv(funding, "haiti_mission_funding", ctx, sources=sources)
ui.share_link(ctx)
ui.page_footer(ctx)
