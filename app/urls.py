"""Where a form may send the person back to: our own paths only, never another site."""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    if not target or len(target) > 2000:
        return default
    target = target.strip()
    # Backslashes and control characters let some browsers read "/\evil" as "//evil".
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
