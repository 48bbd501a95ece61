"""Every page of the service, with example arguments: the list the whole-app checks walk."""
from __future__ import annotations

from app.info import TOPICS

PUBLIC_PAGES: list[tuple[str, dict]] = [
    ("home.index", {}),
    ("info.topics", {}),
    *[("info.topic", {"slug": slug}) for slug in TOPICS],
    ("info.glossary", {}),
    ("info.contacts", {}),
    *[("info.contact", {"slug": slug}) for slug in ("askoy", "luster", "alesund", "horten")],
    ("info.accessibility", {}),
    ("info.privacy", {}),
]

LOCALES = ["nb", "nn", "en", "se"]
