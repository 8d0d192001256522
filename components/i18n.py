"""The interface's languages. A first stub: every message is returned as written (English).

The API every module uses from now on:

    from components.i18n import _, ngettext
    st.caption(_("Share this view"))
    ngettext("{n} fact added since this link was shared", "{n} facts added since this link was shared", n).format(n=n)

Messages are plain English source strings marked with ``_()`` so that the gettext tools can
extract them; formatting placeholders use ``str.format`` names (``{n}``), never f-strings
inside ``_()``.
"""

from __future__ import annotations


def _(message: str) -> str:
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural
