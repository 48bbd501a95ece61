"""Notices: what the last action did, told once, on the page the action redirects to.

A view calls `flask.flash(text, category)` after the action succeeded (or was refused as stale)
and before it redirects; `components/notice.html` shows the flashed notices where the page calls
`notices()`, and the session forgets them once shown. The text is translated when it is flashed,
in the language of the request that did the action, which is the language of the page it leads to.
"""

from __future__ import annotations

SUCCESS, INFO, WARNING, ERROR = "success", "info", "warning", "error"


def with_link(text: str, href: str, link_text: str) -> dict:
    """A notice whose sentence ends with a link (say, to the receipt of what was just saved)."""
    return {"text": text, "link": {"href": href, "text": link_text}}
