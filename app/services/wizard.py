""" "Hva er viktig for deg?": the draft saved at every step, and sending it.

The draft is always the actor's subject's: nothing here takes a person id from a form. Which of
the subject's drafts and submissions the actor may see is decided here, by the lookups that take
the actor, so no page can forget to ask.
"""

from __future__ import annotations

import copy

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import Actor
from app.domain.vocabulary import needs_text
from app.models import Goal, Plan, WizardDraft, WizardSubmission
from app.models.base import utcnow
from app.services import audit, plan_requests
from app.services.reads import reading
from app.services.transaction import use_case
from app.services.wizard_steps import HELP, PER_AREA, STEPS, chosen_areas, goal_answers, is_complete


class StaleDraft(Exception):
    """Someone else (another tab, another representative) saved the draft after this form was shown."""

    def __init__(self, draft: WizardDraft):
        super().__init__("stale draft")
        self.draft = draft


class AlreadySent(Exception):
    def __init__(self, submission: WizardSubmission | None):
        super().__init__("already sent")
        self.submission = submission


class Incomplete(Exception):
    pass


def author_for(actor: Actor) -> int:
    """Whose draft the actor works in: the person's own, shared with representatives who see all
    of it; a parent of a 12–15-year-old works in his own, as her unsent answers are hers alone."""
    return actor.person.id if actor.hides_private_items else actor.subject.id


def draft_for(session: Session, actor: Actor) -> WizardDraft | None:
    """The draft the actor works in, to show them; the read is recorded."""
    draft = draft_to_change(session, actor)
    if draft is not None:
        reading(session, actor, "wizard.read", object_type="wizard_draft", object_id=draft.id)
    return draft


def draft_to_change(session: Session, actor: Actor) -> WizardDraft | None:
    """The draft the actor works in, for a change that records itself: no read is recorded."""
    return session.scalar(
        select(WizardDraft).where(WizardDraft.owner_id == actor.subject.id, WizardDraft.author_id == author_for(actor))
    )


def _submissions(actor: Actor):
    """The submissions the actor may see: those sent from the draft the actor works in."""
    query = select(WizardSubmission).where(
        WizardSubmission.owner_id == actor.subject.id, WizardSubmission.author_id == author_for(actor)
    )
    if actor.hides_private_items:
        query = query.where(WizardSubmission.sent_by_id == actor.person.id)
    return query


def latest_submission(session: Session, actor: Actor) -> WizardSubmission | None:
    """The last submission the actor may see, to show them; the read is recorded."""
    submission = _latest(session, actor)
    if submission is not None:
        reading(session, actor, "wizard.read", object_type="wizard_submission", object_id=submission.id)
    return submission


def _latest(session: Session, actor: Actor) -> WizardSubmission | None:
    return session.scalar(_submissions(actor).order_by(WizardSubmission.id.desc()).limit(1))


def sent_goals(session: Session, actor: Actor, submission: WizardSubmission) -> list[tuple[str, str]]:
    """What a submission sent, as (life area, goal), without the goals the actor may no longer see:
    a goal a parent proposed can still be kept from him by the child once it is in her plan."""
    areas = chosen_areas(submission.answers or {})
    hidden: set[int] = set()
    if actor.hides_private_items and submission.goal_ids:
        hidden = set(
            session.scalars(
                select(Goal.id).where(Goal.id.in_(list(submission.goal_ids.values())), Goal.private_from_parents)
            )
        )
    return [
        (area, goal_answers(submission.answers, area).get("text") or "")
        for area in areas
        if (submission.goal_ids or {}).get(area) not in hidden
    ]


@use_case
def save_step(
    session: Session, actor: Actor, step: str, values: dict, expected_version: int | None, area: str | None = None
) -> WizardDraft:
    """Save one step's answers and move the furthest step on; a stale form saves nothing.

    A sent draft is started afresh: what was sent stays in the plan, the new draft is new.
    The write is one conditional UPDATE on the version that was read: of two people saving at
    the same moment exactly one wins, and the other is shown both versions (StaleDraft)."""
    draft = draft_to_change(session, actor)
    if draft is None:
        draft = WizardDraft(
            owner_id=actor.subject.id, author_id=author_for(actor), answers={}, furthest_step=0, version=0
        )
        session.add(draft)
    elif expected_version is not None and expected_version != draft.version:
        raise StaleDraft(draft)
    read_version = draft.version or 0
    answers = {} if draft.sent_at is not None else copy.deepcopy(draft.answers or {})
    furthest = 0 if draft.sent_at is not None else (draft.furthest_step or 0)
    if step in PER_AREA:
        # Goals of areas no longer chosen are kept: choosing the area again brings them back.
        goals = answers.setdefault("goals", {})
        goals[area] = {**(goals.get(area) or {}), **values, **({"help_saved": True} if step == HELP else {})}
    else:
        answers.update(values)
    written = {
        "answers": answers,
        "furthest_step": max(furthest, _next_index(step, answers, area)),
        "sent_at": None,
        "version": read_version + 1,
        "updated_by_id": actor.person.id,
        "updated_basis": actor.basis,
        "updated_at": utcnow(),
    }
    if draft.id is None:
        for name, value in written.items():
            setattr(draft, name, value)
        try:
            session.flush()
        except IntegrityError:  # two first saves at once (two tabs): the other one made the draft
            session.rollback()
            raise StaleDraft(draft_to_change(session, actor)) from None
    elif not _write_if_unchanged(session, draft, read_version, written):
        session.rollback()
        raise StaleDraft(draft_to_change(session, actor))
    audit.by_actor(
        session,
        actor,
        action="wizard.saved",
        object_type="wizard_draft",
        object_id=draft.id,
        details={"step": step},
    )
    session.commit()
    session.refresh(draft)
    return draft


def _write_if_unchanged(session: Session, draft: WizardDraft, read_version: int, values: dict) -> bool:
    """UPDATE … WHERE version = the version read: False when someone saved in between."""
    result = session.execute(
        update(WizardDraft)
        .where(WizardDraft.id == draft.id, WizardDraft.version == read_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _next_index(step: str, answers: dict, area: str | None) -> int:
    if step in PER_AREA:
        areas = chosen_areas(answers)
        last = area is not None and areas and area == areas[-1]
        return STEPS.index(step) + 1 if last else STEPS.index(step)
    return STEPS.index(step) + 1


@use_case
def send(session: Session, actor: Actor, expected_version: int) -> WizardSubmission:
    """Send the draft in one transaction: proposed goals in the plan, or a request for a plan.

    The draft is marked sent by a conditional update, so of two sends of the same version
    (a double click, a replayed form, two tabs) exactly one creates anything. Sending raises the
    version too: a step form shown before sending is stale afterwards, one shown after starts anew."""
    owner = actor.subject
    draft = draft_to_change(session, actor)
    if draft is None:
        raise Incomplete()
    if draft.sent_at is not None or draft.version != expected_version:
        done = session.scalar(_submissions(actor).where(WizardSubmission.draft_version == expected_version))
        if done is not None or draft.sent_at is not None:
            raise AlreadySent(done or _latest(session, actor))
        raise StaleDraft(draft)
    answers = copy.deepcopy(draft.answers or {})
    if not is_complete(answers):
        raise Incomplete()
    claimed = session.execute(
        update(WizardDraft)
        .where(WizardDraft.id == draft.id, WizardDraft.sent_at.is_(None), WizardDraft.version == expected_version)
        .values(sent_at=utcnow(), version=WizardDraft.version + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        raise AlreadySent(_latest(session, actor))
    plan = session.scalar(select(Plan).where(Plan.owner_id == owner.id))
    submission = WizardSubmission(
        owner_id=owner.id,
        author_id=draft.author_id,
        draft_version=expected_version,
        sent_by_id=actor.person.id,
        basis=actor.basis,
        answers=answers,
        participants_wish=(answers.get("participants") or "").strip() or None,
        trusted_person=(answers.get("trusted_person") or "").strip() or None,
    )
    if plan is not None:
        submission.plan_id = plan.id
        goals = _proposed_goals(session, plan, answers)
        session.flush()
        submission.goal_ids = {goal.life_area: goal.id for goal in goals}
        action, object_type, object_id, details = "wizard.sent", "plan", plan.id, {"goals": len(goals)}
    else:
        # The person's open request (asked for on its own) gets the answers; otherwise they make one.
        request = plan_requests.add_request(session, actor, answers=answers)
        submission.plan_request_id = request.id
        action, object_type, object_id, details = "plan.requested", "plan_request", request.id, {}
    session.add(submission)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise AlreadySent(_latest(session, actor)) from None
    audit.by_actor(
        session,
        actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details={**details, "submission": submission.id},
    )
    session.commit()
    session.refresh(draft)
    return submission


def _proposed_goals(session: Session, plan: Plan, answers: dict) -> list[Goal]:
    start = (session.scalar(select(func.max(Goal.position)).where(Goal.plan_id == plan.id)) or 0) + 1
    goals = []
    for i, area in enumerate(chosen_areas(answers)):
        given = goal_answers(answers, area)
        goals.append(
            Goal(
                plan_id=plan.id,
                position=start + i,
                life_area=area,
                status="proposed",
                text=given["text"].strip(),
                importance=given.get("importance") or None,
                own_resources=(given.get("own") or "").strip() or None,
                network_help=(given.get("network") or "").strip() or None,
                needs=needs_text(given),
            )
        )
    session.add_all(goals)
    return goals


@use_case
def start_again(session: Session, actor: Actor) -> None:
    """After sending, a new draft starts empty; what was sent is kept in the plan and the submission."""
    draft = draft_to_change(session, actor)
    if draft is not None and draft.sent_at is not None:
        # Only the sent draft that was read is emptied: if someone else started again and saved a
        # step meanwhile, their answers are the new draft and stay.
        _write_if_unchanged(
            session,
            draft,
            draft.version,
            {
                "answers": {},
                "furthest_step": 0,
                "sent_at": None,
                "version": draft.version + 1,
                "updated_by_id": actor.person.id,
                "updated_basis": actor.basis,
                "updated_at": utcnow(),
            },
        )
        session.commit()
        session.refresh(draft)
