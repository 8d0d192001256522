"""Words for single figures, in the current language: qualifiers, confidence, provenance,
dates, phase and measure names, the view's filters. Each function words a result of
``components/figures.py``; nothing here computes a figure.
"""

from __future__ import annotations

import pandas as pd

from components import i18n
from components.amount_words import money_label, range_label
from components.amounts import Range
from components.data import Dataset
from components.figures import Figure
from components.i18n import N_, _
from components.schema import FACT_TABLES
from components.url_state import FilterState

DASHBOARD_NAME = N_("Haiti Mission Tracker")
# A country's stage in the ledger (ledger.STATUSES), in words.
STATUS_LABELS = {  # English messages: translate with _() where shown
    "deployed": N_("Personnel in Haiti"),
    "withdrawn": N_("Withdrawn or suspended"),
    "notified": N_("Notified to the UN, not deployed"),
    "pledged": N_("Pledged, not deployed"),
    "support": N_("Support without personnel"),
    "considering": N_("Considering or offered"),
}
# How each total is computed, said wherever the total is shown.
# One name per money measure, on the chart's legend, the tables' headers, the CSV's headers
# and the caption (English messages: translate with _() where shown).
DONOR_MEASURE_NAMES = {
    "committed": N_("Committed"),
    "deposited": N_("Paid into the trust fund"),
    "disbursed": N_("Released or spent"),
    "frozen": N_("Frozen"),
    "claimed": N_("Claimed by the donor"),
}
# How each is computed, after its name ("{name}: ..."); English messages, translated where shown.
MONEY_BASIS = {
    "committed": N_("{name}: new commitments added up; a restated cumulative total replaces the sum before it."),
    "deposited": N_(
        "{name}: deposits to the UN trust fund added up; a restated cumulative total replaces the sum before it."
    ),
    "disbursed": N_("{name}: money reported released or spent, added up."),
    "frozen": N_("{name}: money reported frozen, added up."),
    "claimed": N_("{name}: the donor's own latest claim of all its support (not added to anything)."),
}


def money_basis() -> str:
    """How each money measure is computed, each under its one name, in the current language."""
    return " ".join(_(basis).format(name=_(DONOR_MEASURE_NAMES[m])) for m, basis in MONEY_BASIS.items())


CONFIDENCE_WORDS = {"high": N_("high confidence"), "medium": N_("medium confidence"), "low": N_("low confidence")}


def confidence_word(confidence: str) -> str:
    """ "high confidence", in the current language."""
    return _(CONFIDENCE_WORDS[confidence]) if confidence in CONFIDENCE_WORDS else ""


def country_names(ds: Dataset) -> dict[str, str]:
    """iso3 -> the country's name in the current language."""
    return i18n.country_names(ds.derived("country_names", lambda: ds.countries.set_index("iso3")["name"].to_dict()))


def mark_disputed(text: str) -> str:
    """ "970 to 1,000 (disputed)"."""
    return _("{figure} (disputed)").format(figure=text)


def describe(figure: Figure, unit: str = "", disputed_mark: bool = True) -> str:
    """ "about 1,000", "970 to about 1,000 (disputed)": the figure with its qualifiers."""
    text = f"{range_label(figure.value)}{unit}"
    return mark_disputed(text) if figure.disputed and disputed_mark else text


def money_range(value: Range) -> str:
    return money_label(value)


def money_figure(figure: Figure) -> str:
    text = money_label(figure.value)
    return mark_disputed(text) if figure.disputed else text


def provenance(figure: Figure) -> str:
    """ "reported 8 December 2025, high confidence" plus any later, weaker report."""
    return "".join(text for text, _ids in provenance_parts(figure))


def provenance_parts(figure: Figure) -> list[tuple[str, tuple[str, ...]]]:
    """``provenance`` report by report, each with its own sources, so that each report can
    carry its own links: [("reported 8 December 2025, high confidence", (src233,)),
    ("; a later low-confidence report of 8 February 2026 says about 1,000", (src255,))]."""
    parts = [
        (
            _("reported {date}, {confidence}").format(
                date=i18n.date(figure.date), confidence=confidence_word(figure.confidence)
            ),
            figure.source_ids,
        )
    ]
    if figure.newer_weaker is not None:
        later = figure.newer_weaker
        parts.append(
            (
                _("; a later low-confidence report of {date} says {figure}").format(
                    date=i18n.date(later.date), figure=range_label(later.value)
                ),
                later.source_ids,
            )
        )
    return parts


PHASE_NAMES = {"mss": N_("Multinational Security Support Mission"), "gsf": N_("Gang Suppression Force")}
PHASE_ACRONYMS = {"mss": N_("MSS"), "gsf": N_("GSF")}


def phase_name(phase) -> str:
    """A phase's name in the current language (the UN's French names); the data's name for a
    phase the code does not know."""
    code = phase["phase"]
    return _(PHASE_NAMES[code]) if code in PHASE_NAMES else str(phase["name"])


def phase_acronym(phase_id: str) -> str:
    """ "MSS" and "GSF", in French "MMAS" and "FRG"."""
    return _(PHASE_ACRONYMS[phase_id]) if phase_id in PHASE_ACRONYMS else phase_id.upper()


# One label per trust-fund measure, everywhere it is shown (metrics, chart legend, table, alt
# text): the words below, through ``measure_label``.
MEASURE_WORDS = {  # English messages: translate with _() where shown
    "tf_received": N_("received total"),
    "tf_raised": N_("total raised (basis not stated)"),
    "tf_pledged": N_("pledged total"),
    "tf_balance": N_("balance"),
    "need_per_year": N_("estimated need per year"),
    "cost_estimate": N_("other cost estimate"),
}


def measure_label(measure: str) -> str:
    """ "Trust fund: received total", "Estimated need per year": a measure's one label."""
    words = _(MEASURE_WORDS[measure]) if measure in MEASURE_WORDS else measure
    return _("Trust fund: {measure}").format(measure=words) if measure.startswith("tf_") else sentence(words)


def measure_card_label(measure: str) -> tuple[str, str]:
    """A measure's label split for a card, which shows its label on one line (cut with "…" on a
    phone): the label without its parenthesis, and the parenthesis as a sentence for the card's
    caption ("Trust fund: total raised", "Basis not stated."). The same words as
    ``measure_label``, in the current language; the note is "" for a label without one."""
    label = measure_label(measure)
    short, bracket, rest = label.partition(" (")
    if not bracket or not rest.endswith(")"):
        return label, ""
    return short, sentence(rest[:-1]) + "."


def measure_labels() -> dict[str, str]:
    """Every measure's label in the current language, in the charts' order."""
    return {measure: measure_label(measure) for measure in MEASURE_WORDS}


def sentence(text: str) -> str:
    """Capitalise the first letter only (str.capitalize lowercases month names)."""
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------
# Words around the figures: filters, disputes, who is shown, terms
# ---------------------------------------------------------------------------------------
def date_label(date, precision: str = "day") -> str:
    """ "1 October 2025", or "October 2025" for a month-precision date (in the current language)."""
    return i18n.date(date, "month" if precision == "month" else "day")


def country_list(codes, names: dict[str, str]) -> str:
    """Chosen countries in words, "Kenya, Jamaica" (``names``: iso3 -> name; an unknown code as itself)."""
    return ", ".join(names.get(code, code) for code in codes)


def filter_summary(state: FilterState, names: dict[str, str] | pd.Series) -> str:
    """The view's filters in words: "7 Jul 2021 – 21 Mar 2026 · all countries" (``names``:
    iso3 -> English name; shown in the current language)."""
    names = i18n.country_names(names)
    countries = country_list(state.countries, names) if state.countries else _("all countries")
    return f"{i18n.date(state.start, 'short')} – {i18n.date(state.end, 'short')} · {countries}"


def localized_texts(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with each of ``columns`` in the current language (its ``<column>_fr`` ...
    column); where a text is not translated yet, the English one, marked "(in English)"."""
    lang = i18n.get_language()
    if lang == i18n.DEFAULT_LANGUAGE or f"{columns[0]}_{lang}" not in frame.columns:
        return frame
    mark = _("(in English)")
    localized = {}
    for column in columns:
        translated = frame[f"{column}_{lang}"].fillna("")
        localized[column] = [
            text if text else f"{english} {mark}"
            for text, english in zip(translated.tolist(), frame[column].tolist(), strict=True)
        ]
    return frame.assign(**localized)


def localized_events(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` with ``title`` and ``summary`` in the current language (``localized_texts``)."""
    return localized_texts(events, ("title", "summary"))


def localized_disputes(disputes: pd.DataFrame) -> pd.DataFrame:
    """``disputes`` with ``topic`` and ``summary`` in the current language (``localized_texts``)."""
    return localized_texts(disputes, ("topic", "summary"))


def dataset_disputes(ds: Dataset) -> pd.DataFrame:
    """The dataset's disputes in the current language, indexed by ``dispute_id``: worked out
    once per dataset and language (``Dataset.derived``), not on every rerun or every notice."""
    return ds.derived("localized_disputes", lambda: localized_disputes(ds.disputes).set_index("dispute_id"))


def dispute_source_ids(ds: Dataset) -> pd.Series:
    """Each dispute's sources, indexed by ``dispute_id``: every source of every row that carries
    it, in table order and once each, so that a reader can open each version's report."""
    cited: dict[str, list[str]] = {dispute_id: [] for dispute_id in ds.disputes["dispute_id"]}
    for name in FACT_TABLES:
        table = getattr(ds, name)
        for dispute_id, ids in zip(table["dispute_id"].tolist(), table["source_ids"].tolist(), strict=True):
            if dispute_id in cited:
                cited[dispute_id] += [s for s in ids if s not in cited[dispute_id]]
    return pd.Series({dispute_id: tuple(ids) for dispute_id, ids in cited.items()}, name="source_ids", dtype=object)


def localized_glossary(glossary: pd.DataFrame) -> pd.DataFrame:
    """The glossary in the current language: ``term`` as its texts write it, followed by the
    English term where that differs ("MMAS (MSS)", so the English notes' term is found too),
    and the translated ``expansion`` and ``explanation`` (the English one where a translation
    is missing)."""
    lang = i18n.get_language()
    if lang == i18n.DEFAULT_LANGUAGE or f"forms_{lang}" not in glossary.columns:
        return glossary
    shown = [
        form if not form or form == term else f"{form[:1].upper()}{form[1:]} ({term})"
        for term, form in zip(
            glossary["term"].tolist(),
            (str(forms or "").split(";")[0].strip() for forms in glossary[f"forms_{lang}"].tolist()),
            strict=True,
        )
    ]
    return glossary.assign(
        term=[text or term for text, term in zip(shown, glossary["term"].tolist(), strict=True)],
        **{
            column: [
                str(translated) if isinstance(translated, str) and translated else english
                for translated, english in zip(
                    glossary[f"{column}_{lang}"].tolist(), glossary[column].tolist(), strict=True
                )
            ]
            for column in ("expansion", "explanation")
        },
    )


def sources_label(ds_sources: dict[str, dict], source_ids: tuple[str, ...], limit: int = 3) -> str:
    names = list(dict.fromkeys(ds_sources[s]["publisher"] for s in source_ids if s in ds_sources))
    more = len(names) - limit
    return "; ".join(names[:limit]) + (" " + _("and {n} more").format(n=more) if more > 0 else "")
