"""Fixtures for the session's end: a person with a real browser session over HTTP, a clock moved
on by ageing their session row, and what the rows and the logs hold."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import delete, select, update

from app import db
from app.models import BrowserSession, GoalEvaluation
from app.models.base import utcnow
from tests.auth.visitor import Visitor

# Words nobody else writes: found (or not) in rows, pages and logs.
WORDS = "Turen gikk tregt i dag, men jeg kom meg helt til butikken 🌿 שלום"


class Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(str(record.__dict__))


@pytest.fixture
def log_lines():
    handler = Records()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.fixture
def visitor(live_server, idp):
    return Visitor(live_server, idp.issuer)


@pytest.fixture
def no_evaluations_left(app):
    """The evaluations a test saves are gone afterwards (the demo goal's history stays as loaded)."""
    yield
    with app.app_context(), db.new_session() as s:
        s.execute(delete(GoalEvaluation).where(GoalEvaluation.comment.contains("Turen gikk tregt")))
        s.commit()


def end_every_session(app, minutes: int = 31) -> None:
    """As if the person had gone quiet for `minutes`: every session row last seen that long ago."""
    with app.app_context(), db.new_session() as s:
        s.execute(update(BrowserSession).values(last_seen_at=utcnow() - timedelta(minutes=minutes)))
        s.commit()


def rows_holding(app, text: str) -> int:
    with app.app_context(), db.new_session() as s:
        return sum(text in str(row.data) for row in s.scalars(select(BrowserSession)))


def form_fields(html: str, action_part: str) -> dict[str, str]:
    """The hidden fields of the first form whose action contains `action_part`."""
    form = re.search(rf'<form[^>]*action="[^"]*{re.escape(action_part)}[^"]*"[^>]*>(.*?)</form>', html, re.S)
    assert form, f"no form for {action_part}"
    return {
        unescape(name): unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1))
    }
