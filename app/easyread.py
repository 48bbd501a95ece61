"""Easy-read mode (lettlest): one switch for the whole service, remembered per person."""

from __future__ import annotations

from flask import g, session


def is_on() -> bool:
    if "easy_read" in session:
        return bool(session["easy_read"])
    return bool(getattr(g, "profile_easy_read", False))


def set_mode(on: bool) -> None:
    session["easy_read"] = on
