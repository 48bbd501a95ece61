"""Demo proposals, made the way real ones are: the person sends a goal from "Hva er viktig for deg?"
(app/services/wizard.py) and the coordinator answers it (app/services/proposals.py). Ola's
proposal is taken in with changed words by Ingrid Myklebust, so his plan shows both; Kari's waits
for Line Haugland on her proposals page. A proposal already made (found by its words) is left as
it is, so loading twice changes nothing."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.demo.staff import demo_issuer, demo_subject
from app.domain.actor import Actor
from app.domain.staff_access import StaffForPerson
from app.models import Goal, Person, Plan, StaffMember
from app.services import proposals, staff, wizard
from app.services.wizard_steps import AREAS, GOALS

# (identity number, coordinator's username, life area, the person's words, the agreed words or None to leave it waiting)
PROPOSALS: list[tuple[str, str, str, str, str | None]] = [
    (
        "03899807153",  # Ola Berg, Luster: writes Nynorsk
        "ingrid.myklebust",
        "work",
        "Eg vil jobbe på ein gard.",
        "Eg vil prøve å jobbe på ein gard ein dag i veka, med nokon som viser meg arbeidet.",
    ),
    ("12838502510", "line.haugland", "leisure", "Jeg vil begynne å synge i kor igjen.", None),  # Kari Nordmann, Askøy
]


def _proposed(session: Session, owner: Person, area: str, words: str) -> Goal:
    """The person sends one goal from the wizard, as they would on the page; their draft starts afresh after."""
    actor = Actor(owner)
    draft = wizard.save_step(session, actor, AREAS, {"areas": [area]}, None)
    draft = wizard.save_step(session, actor, GOALS, {"text": words}, draft.version, area)
    submission = wizard.send(session, actor, draft.version)
    wizard.start_again(session, actor)
    return session.get(Goal, submission.goal_ids[area])


def upsert_proposals(session: Session) -> int:
    for pid, username, area, words, agreed in PROPOSALS:
        owner = session.scalar(select(Person).where(Person.pid == pid))
        plan = session.scalar(select(Plan).where(Plan.owner_id == owner.id)) if owner else None
        if plan is None:
            continue
        made = session.scalar(
            select(Goal.id).where(Goal.plan_id == plan.id, or_(Goal.text == words, Goal.proposed_text == words))
        )
        if made is not None:
            continue
        goal = _proposed(session, owner, area, words)
        if agreed is None:
            continue
        member_id = session.scalar(
            select(StaffMember.id).where(
                StaffMember.issuer == demo_issuer(), StaffMember.subject == demo_subject(username)
            )
        )
        coordinator = StaffForPerson(staff.actor_for(session, member_id), owner)
        proposals.agree_changed(session, coordinator, goal.id, goal.version, agreed)
    return len(PROPOSALS)
