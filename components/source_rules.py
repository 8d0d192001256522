"""Rules on the sources table: one page per source once tracking parameters are dropped, a
publisher that is an organisation, addresses a reader can be sent to, and staging copies that
name the publisher's own address (data/README.md, `sources.csv`). Called by
``components.data_rules``; no Streamlit."""

from __future__ import annotations

import collections
import re
import unicodedata
import urllib.parse

import pandas as pd

from components.problems import Problem

# srsltid: Google appends it to result links, so a searched page can carry it.
TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z]+|fbclid|gclid|srsltid|ocid|mc_cid|mc_eid|cmpid|__twitter_impression|s_cid)$", re.I
)
HOST_NAME = re.compile(
    r"^[a-z0-9.-]+\.[a-z]{2,}(:\d+)?$|:\d+$"
)  # lowercase host names, or a port; "Kenyans.co.ke" is a brand
PERSON_WORDS = re.compile(r"\b(spokesperson|spokesman|spokeswoman|SRSG|minister|ambassador|president)\b", re.I)
# Addresses a reader must not be sent to: a random post, a tag or category listing, however the
# site spells it (/tag/haiti, /tag:Haiti, ?category=haiti).
LISTING_URL = re.compile(r"random-post|/tag[/:]|/category/|[?&]category=", re.I)
# A copy on a staging, test, demo, dev or mail host (a host-name label, or a staging folder).
STAGING_LABEL = re.compile(
    r"^(staging|stage|stg|test|testing|testbed|demo|dev|mail|webmail|origin|beta|pre|preprod|preview|uat|cmslocal)\d*$"
)
STAGING_FOLDER = re.compile(r"^/(testbed|staging|main-staging)/", re.I)
# Hosts that serve a publisher's pages before or beside its public site: Google's App Engine
# (179-dot-apnews-int.appspot.com) and VOA's content system (voa.pangea-cms.com/preview/...).
STAGING_HOST_SUFFIXES = (".appspot.com", ".pangea-cms.com")
# A date in an article's address, as news sites write it (/2025/01/20/): the publication day.
DATED_PATH = re.compile(r"/(20\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(/|$)")


def _host(parts: urllib.parse.SplitResult) -> str:
    """An address's site: its host name in lower case, without www. or a port."""
    return parts.netloc.lower().removeprefix("www.").split(":")[0]


def normalised_url(url: str) -> str:
    """A URL without what does not change the page: scheme, www., tracking parameters, a
    trailing slash and the fragment. Two sources with the same normalised URL are one."""
    parts = urllib.parse.urlsplit(url.strip())
    host = _host(parts)
    query = urllib.parse.urlencode(
        [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    )
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def _listing_url_problem(line: int, url: str) -> Problem | None:
    """A random-post, tag or category link, or a home page, is not an article's address."""
    parts = urllib.parse.urlsplit(url)
    if LISTING_URL.search(url):
        return Problem("sources.csv", line, "url", url, "is a random-post, tag or category link, not an article")
    if parts.path.strip("/") == "" and not parts.query:
        return Problem("sources.csv", line, "url", url, "is a home page, not the article's address")
    return None


def is_staging_url(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    labels = (parts.hostname or "").split(".")[:-2]
    return (
        any(STAGING_LABEL.match(label) for label in labels)
        or (parts.hostname or "").endswith(STAGING_HOST_SUFFIXES)
        or bool(STAGING_FOLDER.match(parts.path))
    )


def _staging_problem(line: int, row: dict) -> Problem | None:
    """A copy on a staging, test, demo, dev or mail host names the publisher's own address."""
    if is_staging_url(row["url"]) and not (row.get("canonical_url") and row.get("canonical_basis")):
        rule = "is needed, with canonical_basis, when url is on a staging, test, demo, dev or mail host"
        return Problem("sources.csv", line, "canonical_url", row.get("canonical_url") or "", rule)
    return None


def _undated_problem(line: int, row: dict) -> Problem | None:
    """``published`` is written wherever the address gives the day (issue #19: a reader sorting
    by date should not meet a blank the URL could fill)."""
    found = DATED_PATH.search(urllib.parse.urlsplit(row["url"]).path)
    if row.get("published") or not found:
        return None
    day = "-".join(found.groups()[:3])
    return Problem("sources.csv", line, "published", "", f"is empty, but the address gives the day {day}: write it")


def _title_basis_problem(line: int, row: dict) -> Problem | None:
    """A title in square brackets is our description, and a description is in square brackets."""
    basis, bracketed = row.get("title_basis") or "", row["title"].startswith("[")
    if basis and (basis == "description") != bracketed:
        rule = "must be 'description' exactly when the title is in square brackets (our description, not a headline)"
        return Problem("sources.csv", line, "title_basis", basis, rule)
    return None


def _alternate_url_problems(frame: pd.DataFrame) -> list[Problem]:
    """alternate_urls are http(s) and each appears once in the table (never as another row's url)."""
    problems: list[Problem] = []
    if "alternate_urls" not in frame.columns:
        return problems
    owner = {normalised_url(url): source_id for url, source_id in zip(frame["url"], frame["source_id"], strict=True)}
    seen: dict[str, str] = {}
    for line, row in zip(frame.index, frame.to_dict("records"), strict=True):
        for url in filter(None, (part.strip() for part in (row.get("alternate_urls") or "").split(";"))):
            key = normalised_url(url)
            if not re.match(r"^https?://[^\s/]+", url):
                rule = "must be http(s) addresses separated by ';'"
            elif key in seen or owner.get(key, row["source_id"]) != row["source_id"]:
                rule = f"repeats an address of {seen.get(key) or owner.get(key)}: each address appears once"
            else:
                seen[key] = row["source_id"]
                continue
            problems.append(Problem("sources.csv", int(line), "alternate_urls", url, rule))
    return problems


def publisher_key(name: str) -> str:
    """What stays of a publisher's name without case, accents, punctuation, a leading "The" or a
    bracketed gloss: "The Star (Kenya)", "The Star" and "the star" are one publisher."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", re.sub(r"\(.*?\)", "", plain)))


def _publisher_spelling_problems(frame: pd.DataFrame) -> list[Problem]:
    """One publisher, one spelling: the counts per publisher and the link names depend on it.
    Each row that spells a publisher otherwise than its most used spelling is reported."""
    keyed = [(int(line), name, publisher_key(name)) for line, name in zip(frame.index, frame["publisher"], strict=True)]
    spellings = collections.defaultdict(collections.Counter)
    for _line, name, key in keyed:
        if not name.startswith("Unidentified publisher"):
            spellings[key][name] += 1
    usual = {key: counts.most_common(1)[0][0] for key, counts in spellings.items() if len(counts) > 1}
    rule = "is spelt '{}' in other rows: one publisher, one spelling"
    return [
        Problem("sources.csv", line, "publisher", name, rule.format(usual[key]))
        for line, name, key in keyed
        if key in usual and name != usual[key]
    ]


def _site_key(url: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _host(urllib.parse.urlsplit(url)))


def _site_name_problems(frame: pd.DataFrame) -> list[Problem]:
    """One site, one name: on a site named after its publisher (letemoinhaiti.com), a longer
    name that starts with the usual one ("Le Témoin Haïti" beside "Le Témoin") is the same
    publisher spelt twice, which ``publisher_key`` alone cannot see. A site that carries several
    publishers (an aggregator's "United Nations" and "United Nations Security Council") is not
    named after either, so it is left alone."""
    names: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for url, name in zip(frame["url"], frame["publisher"], strict=True):
        names[_site_key(url)][name] += 1
    problems = []
    for line, url, name in zip(frame.index, frame["url"], frame["publisher"], strict=True):
        site, key = _site_key(url), publisher_key(name)
        shorter = [
            other
            for other in names[site]
            if len(publisher_key(other)) >= 4
            and key != publisher_key(other)
            and key.startswith(publisher_key(other))
            and publisher_key(other) in site
        ]
        if shorter:
            usual = max(shorter, key=names[site].__getitem__)
            rule = f"is spelt '{usual}' in other rows of the same site: one publisher, one spelling"
            problems.append(Problem("sources.csv", int(line), "publisher", name, rule))
    return problems


def source_problems(frame: pd.DataFrame) -> list[Problem]:
    problems = _alternate_url_problems(frame) + _publisher_spelling_problems(frame) + _site_name_problems(frame)
    seen: dict[str, tuple[int, str]] = {}
    for line, row in zip(frame.index, frame.to_dict("records"), strict=False):
        for column in ("url", "canonical_url"):
            if not row.get(column):
                continue
            key = normalised_url(row[column])
            if key in seen and seen[key][1] != row["source_id"]:
                problems.append(
                    Problem(
                        "sources.csv",
                        int(line),
                        column,
                        row[column],
                        f"is the same page as line {seen[key][0]} ({seen[key][1]}) once tracking parameters are "
                        "dropped: keep one source",
                    )
                )
            seen.setdefault(key, (int(line), row["source_id"]))
        checks = (
            _listing_url_problem(int(line), row["url"]),
            _staging_problem(int(line), row),
            _undated_problem(int(line), row),
        )
        problems += [p for p in (*checks, _title_basis_problem(int(line), row)) if p]
        publisher = row["publisher"]
        if HOST_NAME.search(publisher):
            problems.append(
                Problem(
                    "sources.csv",
                    int(line),
                    "publisher",
                    publisher,
                    "must name the organisation that wrote the text, not a host name",
                )
            )
        elif PERSON_WORDS.search(publisher):
            problems.append(
                Problem(
                    "sources.csv",
                    int(line),
                    "publisher",
                    publisher,
                    "must name an organisation, not a person or an office ('United Nations', not 'UN spokesperson')",
                )
            )
    return problems
