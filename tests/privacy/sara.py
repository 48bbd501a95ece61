"""Sara (14) keeps things from her parents, made through the app as she would, each with its own
marker word, so a test can look for every one of them in whatever her father can open."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, or_, select

from app import db
from app.info.views import TOPICS
from app.models import (
    Goal,
    Measure,
    Meeting,
    Message,
    Municipality,
    Participant,
    Person,
    Plan,
    Representation,
    ScheduleEntry,
    StaffMember,
)
from app.services.schedule import recurrence_text
from app.services.wizard_steps import LIFE_AREAS
from tests.auth.sessions import log_in_test_client
from tests.people import SARA
from tests.wizard.helpers import fill_in, form_state, post_step, send

PREFIX = "Qzvxkwpj"  # in no word of any language, and too long to turn up by chance in a random token
SENT_GOAL = f"{PREFIX}sentgoal"
GOAL = {
    "text": f"{PREFIX}goaltext",
    "own_resources": f"{PREFIX}goalown",
    "network_help": f"{PREFIX}goalnetwork",
    "needs": f"{PREFIX}goalneeds",
}
EVALUATIONS = (f"{PREFIX}evaluation", f"{PREFIX}demoevaluation")
MEASURE = {
    "what": f"{PREFIX}measurewhat",
    "service_name": f"{PREFIX}measureservice",
    "responsible_role": f"{PREFIX}measurerole",
    "how_much": f"{PREFIX}measurehowmuch",
    "how": f"{PREFIX}measurehow",
}
DRAFT_AREAS = ("leisure", "other")
DRAFT = {
    "important": f"{PREFIX}draftimportant",
    "other_area": f"{PREFIX}draftotherarea",
    **{
        f"{area}-{name}": f"{PREFIX}draft{name}{area.replace('-', '')}"
        for area in DRAFT_AREAS
        for name in ("text", "own", "network", "needs")
    },
    "participants": f"{PREFIX}draftparticipants",
    "trusted_person": f"{PREFIX}drafttrusted",
}


# A message she keeps from her parents, and her coordinator's answer to it (kept from them too).
MESSAGES = {"asked": f"{PREFIX}messageasked", "answered": f"{PREFIX}messageanswered"}


@dataclass
class Secrets:
    goal_id: int
    demo_private_goal_id: int
    calendar_token: str
    markers: list[str] = field(
        default_factory=lambda: [
            SENT_GOAL,
            *GOAL.values(),
            *EVALUATIONS,
            *MEASURE.values(),
            *DRAFT.values(),
            *MESSAGES.values(),
        ]
    )


def _csrf(client, path: str) -> str:
    return client.csrf_token(path)


def keep_things_private(app, client) -> Secrets:
    """As Sara: send "Hva er viktig for deg?", keep the new goal from her parents, give it her own
    words and say how it goes; say how her other private goal goes; then start new answers and
    leave them unsent. Her coordinator adds a measure for the hidden goal (demo data has no form
    for that). She also makes a calendar feed, which only she holds."""
    log_in_test_client(app, client, SARA)
    fill_in(client, {"health": SENT_GOAL})
    assert send(client).status_code == 303
    with app.app_context():
        s = db.db_session()
        goal_id = s.scalar(select(Goal.id).where(Goal.text == SENT_GOAL))
        plan_id = s.scalar(select(Goal.plan_id).where(Goal.id == goal_id))
        demo_private = s.scalar(select(Goal.id).where(Goal.plan_id == plan_id, Goal.private_from_parents))
    token = _csrf(client, f"/plan/mal/{goal_id}")
    assert (
        client.post(
            f"/plan/mal/{goal_id}/skjul-for-foreldre", {"csrf_token": token, "private": "on", "expected": "off"}
        ).status_code
        == 303
    )
    edit = client.get(f"/plan/mal/{goal_id}/endre").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', edit)
    assert (
        client.post(
            f"/plan/mal/{goal_id}/endre", {"csrf_token": token, "version": version.group(1), **GOAL}
        ).status_code
        == 303
    )
    for goal, comment in ((goal_id, EVALUATIONS[0]), (demo_private, EVALUATIONS[1])):
        assert (
            client.post(
                f"/plan/mal/{goal}/hvordan-gar-det", {"csrf_token": token, "rating": "hard", "comment": comment}
            ).status_code
            == 303
        )
    with app.app_context(), db.new_session() as s:
        s.add(
            Measure(
                plan_id=plan_id,
                position=99,
                goal_id=goal_id,
                **MEASURE,
                schedule=[
                    ScheduleEntry(
                        recurrence=recurrence_text(datetime(2026, 1, 1, 10), "FREQ=DAILY"), duration_minutes=30
                    )
                ],
            )
        )
        s.commit()
        _private_messages(s, plan_id)
    assert client.post("/hva-er-viktig/start-pa-nytt", {"csrf_token": token}).status_code == 303
    _fill_draft(client)
    assert client.post("/plan/kalender", {"csrf_token": token, "include": ["measures", "meetings"]}).status_code == 303
    feed = re.search(r"/kalender/([^/\"<\s]+)\.ics", client.get("/plan/kalender").get_data(as_text=True))
    return Secrets(goal_id, demo_private, feed.group(1))


def _private_messages(s, plan_id: int) -> None:
    """Her plan has no coordinator in the demo to write to: the message and its answer are stored
    as the use cases store them, private both."""
    sara = s.scalar(select(Person.id).where(Person.pid == SARA))
    member = s.scalar(select(StaffMember.id).order_by(StaffMember.id))
    asked = Message(plan_id=plan_id, person_id=sara, basis="self", text=MESSAGES["asked"], private_from_parents=True)
    s.add(asked)
    s.flush()
    s.add(
        Message(
            plan_id=plan_id,
            staff_member_id=member,
            basis="staff:coordinator",
            text=MESSAGES["answered"],
            private_from_parents=True,
            reply_to_id=asked.id,
        )
    )
    s.commit()


def _fill_draft(client) -> None:
    """Every free-text field of the wizard, with a marker, saved and not sent."""
    steps = [
        ("/hva-er-viktig/viktig", {"important": DRAFT["important"]}),
        ("/hva-er-viktig/livsomrader", {"areas": list(DRAFT_AREAS), "other_area": DRAFT["other_area"]}),
        *(
            (f"/hva-er-viktig/mal/{area}", {"text": DRAFT[f"{area}-text"], "importance": "very"})
            for area in DRAFT_AREAS
        ),
        *(
            (f"/hva-er-viktig/hjelp/{area}", {name: DRAFT[f"{area}-{name}"] for name in ("own", "network", "needs")})
            for area in DRAFT_AREAS
        ),
        (
            "/hva-er-viktig/deltakere",
            {"participants": DRAFT["participants"], "trusted_person": DRAFT["trusted_person"]},
        ),
    ]
    for path, data in steps:
        response = post_step(client, path, data, form_state(client, path))
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]


def forget_measure(app) -> None:
    """Measures are demo data that nothing else puts back."""
    with app.app_context(), db.new_session() as s:
        s.execute(delete(Measure).where(Measure.what == MEASURE["what"]))
        s.commit()


def path_values(app, secrets: Secrets, calendar_tokens: list[str]) -> dict[str, list]:
    """Every id that exists for Sara's data, by the name routes give the parameter; the calendar
    feed's token only as the walker holds it (a feed is its holder's, by design)."""
    with app.app_context():
        s = db.db_session()
        plan_id = s.scalar(select(Plan.id).join(Person, Plan.owner_id == Person.id).where(Person.pid == SARA))
        return {
            "goal_id": list(s.scalars(select(Goal.id).where(Goal.plan_id == plan_id))),
            "meeting_id": list(s.scalars(select(Meeting.id).where(Meeting.plan_id == plan_id))),
            "participant_id": list(s.scalars(select(Participant.id).where(Participant.plan_id == plan_id))),
            "message_id": list(s.scalars(select(Message.id).where(Message.plan_id == plan_id))),
            "representation_id": list(
                s.scalars(
                    select(Representation.id)
                    .join(
                        Person, or_(Representation.represented_id == Person.id, Representation.holder_id == Person.id)
                    )
                    .where(Person.pid == SARA)
                )
            ),
            "area": list(LIFE_AREAS),
            "slug": [*TOPICS, *s.scalars(select(Municipality.slug))],
            "token": calendar_tokens,
            "filename": ["favicon.svg"],
        }
