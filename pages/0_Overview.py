"""Overview: the mission as of the chosen end date, in numbers and in words."""

import streamlit as st

from components import i18n, metrics, ui
from components.i18n import N_, _
from components.site import DASHBOARD

ctx = ui.open_page(N_("Overview"))
ds, state = ctx.dataset, ctx.state
sources = metrics.source_lookup(ds)
table = metrics.country_table(ds, state)
view = metrics.overview(ds, state, table)
summary = metrics.summary_text(ds, state, view)

latest = metrics.localized_events(metrics.events_in_view(ds, state).tail(8).iloc[::-1])
INTRO = _(
    "The Kenya-led Multinational Security Support Mission (MSS, UN Security Council Resolution 2699, renewed by 2751) "
    "and its successor, the Gang Suppression Force (GSF, Resolution 2793). "
    "Not a UN operation, so no UN dataset covers it."
)
DISPUTED = _("disputed")


def cited_provenance(figure) -> str:
    """ "Reported 8 December 2025, high confidence (Reuters); a later low-confidence report ...
    says about 1,000 (Ayiti Intel)": each report with its own source links."""
    first, *later = metrics.provenance_parts(figure)
    return ui.cited([(metrics.sentence(first[0]), first[1]), *later], sources)


st.title(_(DASHBOARD))
ui.filter_line(ctx)
st.caption(INTRO)
ui.terms_used(ctx, [INTRO, summary, *latest["title"], *latest["summary"]])
st.markdown(ui.md_text(summary))

left, right = st.columns(2)
with left:
    if view.strength is not None:
        size = i18n.number(int(view.phase["authorised_ceiling"])) if view.phase is not None else None
        st.metric(
            _("Personnel in Haiti, mission-wide") + (f" · {DISPUTED}" if view.strength.disputed else ""),
            metrics.describe(view.strength, disputed_mark=False),
            help=metrics.headline_help("strength"),
        )
        ceiling = (
            _("Authorised or planned size of {size} ({mission}).").format(
                size=size, mission=metrics.phase_acronym(view.phase["phase"])
            )
            if size
            else _("Authorised or planned size.")
        )
        st.caption(ui.md_text(ceiling) + " " + cited_provenance(view.strength))
    else:
        st.metric(_("Personnel in Haiti, mission-wide"), _("none yet"))
        st.caption(_("No personnel had been deployed by the end date."))
    if view.selected_in_haiti is not None:
        st.metric(
            _("Selected countries' personnel in Haiti") + (f" · {DISPUTED}" if view.selected_in_haiti.disputed else ""),
            metrics.range_label(view.selected_in_haiti),
            help=metrics.headline_help("selected"),
        )
        as_of = (
            _("Latest report {date}.").format(date=i18n.date(view.selected_as_of)) + " "
            if view.selected_as_of is not None
            else ""
        )
        st.caption(
            (cited_provenance(view.selected) + ". " if view.selected is not None else ui.md_text(as_of))
            + ui.md_text(_("From the contribution ledger; see Pledges and deployments for each entry's source."))
        )
        headcount_note = metrics.headcount_note(ds, table, view.strength)
        if headcount_note:
            st.caption(ui.md_text(headcount_note))
with right:
    st.metric(
        _("Countries with personnel in Haiti"),
        _("{n} of {total} that pledged or sent").format(n=view.countries_in_haiti, total=view.countries_pledged),
        help=metrics.headline_help("countries"),
    )
    st.metric(
        _("Personnel pledged") + (f" · {DISPUTED}" if view.pledged_personnel.disputed else ""),
        metrics.range_label(view.pledged_personnel),
        help=metrics.headline_help("pledged"),
    )


def trust_fund_metric(label: str, figure) -> None:
    if figure is None:
        st.metric(label, _("nothing reported yet"))
        return
    # The label's parenthesis ("basis not stated") goes under the card: st.metric cuts a long
    # label on a phone ("…total collecté (base non p…" at 390 px).
    label, note = metrics.measure_card_label(figure.measure)
    st.metric(label, metrics.money_figure(figure), help=metrics.headline_help("tf"))
    st.caption((ui.md_text(note) + " " if note else "") + cited_provenance(figure))


left, right = st.columns(2)
with left:
    trust_fund_metric(_("Trust fund received"), view.tf_received)
with right:
    trust_fund_metric(_("Trust fund pledged"), view.tf_pledged)

st.header(_("Latest events"))
if latest.empty:
    st.write(_("No events in this period for these countries."))
for event in metrics.rows(latest):
    disputed = f" · **{ui.md_text(DISPUTED)}**" if event.dispute_id else ""
    sources_line = _("Sources: {links}").format(links=ui.source_links(sources, event.source_ids))
    st.markdown(
        f"**{ui.md_text(i18n.date(event.date, 'short'))}** · "
        f"{ui.md_text(event.title)}{disputed}{ui.new_mark(ctx, event.event_id)}  \n"
        f"{ui.md_text(event.summary)}  \n{sources_line}"
    )

ui.download_csv(metrics.exportable(table), "haiti_mission_countries", ctx, N_("Download the country figures (CSV)"))
ui.share_link(ctx)
ui.page_footer(ctx)
