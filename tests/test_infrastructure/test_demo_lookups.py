"""Demo rows are found by whose they are and their words; a lookup that does not find exactly one
row fails instead of handing a test some other row."""

from __future__ import annotations

import pytest

from app import db
from app.models import Goal
from tests.demo_lookups import DemoGoal, DemoParticipant, goal_id, resolved
from tests.pages import LOGGED_IN_PAGES
from tests.people import ARNE, KARI, OLA


def test_every_page_in_the_list_resolves_to_kari_s_own_rows(app):
    for endpoint, values in LOGGED_IN_PAGES:
        ids = resolved(app, values)
        assert set(ids) == set(values) and all(isinstance(v, (int, str)) for v in ids.values()), endpoint
    with app.app_context():
        walk = db.db_session().get(Goal, goal_id(app, KARI, "Jeg vil gå tur"))
        assert walk.plan.owner.pid == KARI and walk.text.startswith("Jeg vil gå tur i nærmiljøet")


@pytest.mark.parametrize(
    "lookup",
    [DemoGoal(OLA, "Jeg vil gå tur"), DemoGoal(KARI, "Jeg vil"), DemoParticipant(ARNE, "Fastlegen")],
    ids=["someone-elses-words", "two-goals-match", "no-plan"],
)
def test_a_lookup_that_finds_none_or_several_fails(app, lookup):
    with pytest.raises(AssertionError, match="expected one demo row"):
        lookup.resolve(app)
