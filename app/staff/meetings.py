"""Koordineringsmøter on the staff side: the plan's meetings, calling one with its agenda from the
person's proposed topics, and writing the minutes. The plan's coordinator writes; a KE officer who
gave a reason reads. Every visit is one row in the person's access log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.domain.capabilities import Capability
from app.domain.staff_access import PlanAccess, StaffForPerson
from app.models.base import utcnow
from app.policy import found_or_404, staff_requires
from app.schemas import meetings as forms
from app.schemas.base import LoadedForm, load_form, named_errors
from app.services import meeting_reads, meetings, staff_plans
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor
from app.staff.plans import _reason_for

bp = Blueprint("staff_meetings", __name__, url_prefix=STAFF_PREFIX)

REFUSALS = {
    "past": forms.PAST,
    "before_start": forms.BEFORE_START,
    "place_or_link": forms.PLACE_OR_LINK,
    "https": forms.HTTPS,
    "not_started": forms.NOT_STARTED,
    "too_long": forms.TOO_LONG,
}
FIELD_OF = {"starts_at": "day", "ends_at": "ends"}  # the use case's names for the form's fields


def _refusal(schema, refused: meetings.Refused) -> dict:
    return named_errors(
        schema,
        {
            FIELD_OF.get(field, field): [str(REFUSALS[code]) for code in codes]
            for field, codes in refused.errors.items()
        },
    )


def _for_reading(plan_id: int):
    """The plan, access and reason, or a redirect to the plan page that asks a KE officer for a reason."""
    s, staff = db.db_session(), staff_actor()
    plan, access = found_or_404(staff_plans.plan_for_staff(s, staff, plan_id), refused="plan")
    reason = _reason_for(plan_id)
    if staff_plans.needs_reason(access, reason):
        return None, redirect(url_for("staff_plans.plan", plan_id=plan_id))
    return (plan, access, reason), None


def _shown(plan, access, reason) -> None:
    """Every page of the plan's meetings (after a refused or stale form too) is in the person's
    access log before anything of it is shown."""
    staff_plans.opened(db.db_session(), staff_actor(), plan, access, reason)


def _for_writing(plan_id: int):
    s, staff = db.db_session(), staff_actor()
    plan = found_or_404(meeting_reads.plan_to_write(s, staff, plan_id), refused="plan")
    return plan, StaffForPerson(staff, plan.owner)


def _call_defaults(plan) -> dict:
    coordinator = staff_actor().member.name
    lines = [*meetings.always_invited(db.db_session(), plan), gettext("%(name)s, koordinator", name=coordinator)]
    return {
        "day": "",
        "starts": "",
        "ends": "",
        "place": "",
        "video_link": "",
        "invited": "\n".join(lines),
        "topics": [],
    }


def _meetings_page(plan, access, reason=None, loaded: LoadedForm | None = None, status: int = 200):
    _shown(plan, access, reason)
    s = db.db_session()
    found = meeting_reads.meetings_for_staff(s, plan)
    return render_template(
        "staff/meetings.html",
        plan=plan,
        may_write=access == PlanAccess.COORDINATOR,
        meetings=found,
        minutes=meeting_reads.minutes_of(s, [m.id for m in found]),
        proposed=(proposed := meeting_reads.proposed_topics(found)),
        topic_options=[(str(topic.id), topic.text) for topic in proposed],
        now=utcnow(),
        typed=loaded.typed if loaded else _call_defaults(plan),
        errors=loaded.errors if loaded else {},
    ), status


@bp.get("/planer/<int:plan_id>/moter")
@staff_requires(Capability.STAFF_PLAN_READ)
def meetings_page(plan_id: int):
    found, answer = _for_reading(plan_id)
    return answer or _meetings_page(*found)


@bp.post("/planer/<int:plan_id>/moter")
@staff_requires(Capability.PLAN_WRITE)
def call(plan_id: int):
    plan, actor = _for_writing(plan_id)
    offered = [t.id for t in meeting_reads.proposed_topics(meeting_reads.meetings_for_staff(db.db_session(), plan))]
    schema = forms.offering(forms.CallMeetingSchema, offered)
    loaded = load_form(schema, request.form)
    if loaded.ok:
        data = loaded.data
        starts, ends = forms.meeting_times(data)
        try:
            meetings.call_meeting(
                db.db_session(),
                actor,
                plan,
                starts,
                ends,
                data["place"],
                data["video_link"],
                data["invited"],
                [int(i) for i in data["topics"]],
            )
        except meetings.Refused as refused:
            loaded.errors = _refusal(schema, refused)
        else:
            flash(gettext("Møtet er kalt inn. Personen ser det i planen sin."), notices.SUCCESS)
            return redirect(url_for("staff_meetings.meetings_page", plan_id=plan_id), code=303)
    return _meetings_page(plan, PlanAccess.COORDINATOR, None, loaded, 422)


def _minutes_page(plan, meeting, access, reason=None, loaded: LoadedForm | None = None, status=200, conflict=None):
    _shown(plan, access, reason)
    current = meeting_reads.minutes_of(db.db_session(), [meeting.id]).get(meeting.id)
    if loaded is not None:
        typed, errors = loaded.typed, loaded.errors
    else:
        typed, errors = _typed_from(current), {}
    return render_template(
        "staff/minutes.html",
        plan=plan,
        meeting=meeting,
        current=current,
        may_write=access == PlanAccess.COORDINATOR,
        started=meeting.starts_at <= utcnow(),
        may_keep_from_parents=meeting_reads.may_keep_from_parents(plan),
        actions_max=meetings.ACTIONS_MAX,
        decisions_max=meetings.DECISIONS_MAX,
        summary_max=meetings.SUMMARY_MAX,
        typed=typed,
        errors=errors,
        conflict=conflict,
        # After a conflict the form carries the version now stored, so sending again overwrites knowingly.
        version=(current.version if current else "") if conflict or loaded is None else typed.get("version", ""),
    ), status


def _typed_from(current) -> dict:
    if current is None:
        return {}
    typed = {
        "decisions": current.decisions,
        "easy_summary": current.easy_summary or "",
        "private_from_parents": "on" if current.private_from_parents else "",
    }
    for n, action in enumerate(current.actions or [], start=1):
        by = action.get("by")
        typed |= {f"what_{n}": action["what"], f"who_{n}": action["who"], f"by_{n}": _norwegian(by) if by else ""}
    return typed


def _norwegian(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"


@bp.get("/planer/<int:plan_id>/moter/<int:meeting_id>/referat")
@staff_requires(Capability.STAFF_PLAN_READ)
def minutes(plan_id: int, meeting_id: int):
    found, answer = _for_reading(plan_id)
    if answer:
        return answer
    plan, access, reason = found
    meeting = found_or_404(meeting_reads.meeting_of(db.db_session(), plan, meeting_id), refused="meeting")
    return _minutes_page(plan, meeting, access, reason)


@bp.post("/planer/<int:plan_id>/moter/<int:meeting_id>/referat")
@staff_requires(Capability.PLAN_WRITE)
def write_minutes(plan_id: int, meeting_id: int):
    plan, actor = _for_writing(plan_id)
    s = db.db_session()
    meeting = found_or_404(meeting_reads.meeting_of(s, plan, meeting_id), refused="meeting")
    schema = forms.MinutesSchema()
    loaded = load_form(schema, request.form)
    if "version" in loaded.errors:
        abort(400)  # a form we never made: nothing typed to keep
    if loaded.ok:
        data = loaded.data
        try:
            meetings.write_minutes(
                s,
                actor,
                meeting,
                data["version"],
                data["decisions"],
                [meetings.Action(**a) for a in forms.actions_of(data)],
                data["easy_summary"],
                data["private_from_parents"] == "on" and meeting_reads.may_keep_from_parents(plan),
            )
        except meetings.Refused as refused:
            loaded.errors = _refusal(schema, refused)
        except meetings.StaleMinutes:
            return _minutes_page(plan, meeting, PlanAccess.COORDINATOR, None, loaded, 409, conflict="stale")
        else:
            flash(gettext("Referatet er lagret. Personen ser det i planen sin."), notices.SUCCESS)
            return redirect(url_for("staff_meetings.meetings_page", plan_id=plan_id), code=303)
    return _minutes_page(plan, meeting, PlanAccess.COORDINATOR, None, loaded, 422)
