"""Moving a koordineringsmøte that has not begun to another time or place. Only the plan's
coordinator opens the form and sends it; a KE officer who reads the plan with a reason never
moves its meetings. The checks are those of calling a meeting; of two coordinators moving it at
once the second is shown both versions and keeps what they typed. The person sees the new time
in the plan, and a line in its history (app/services/meetings.py names the change)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from app import db, notices
from app.domain.capabilities import Capability
from app.domain.clock import OSLO
from app.domain.staff_access import PlanAccess, StaffForPerson
from app.models.base import utcnow
from app.policy import found_or_404, staff_requires
from app.schemas import meetings as forms
from app.schemas.base import LoadedForm, load_form
from app.services import meeting_reads, meetings, staff_plans
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor
from app.staff.meetings import _refusal

bp = Blueprint("staff_meeting_moves", __name__, url_prefix=STAFF_PREFIX + "/planer/<int:plan_id>/moter")


def _coordinated_meeting(plan_id: int, meeting_id: int):
    """The plan and its meeting, for the plan's coordinator only; else 404 (logged), as for a
    plan that does not exist."""
    s = db.db_session()
    plan = found_or_404(meeting_reads.plan_to_write(s, staff_actor(), plan_id), refused="plan")
    return plan, found_or_404(meeting_reads.meeting_of(s, plan, meeting_id), refused="meeting")


def _typed_from(meeting) -> dict:
    starts, ends = meeting.starts_at.astimezone(OSLO), meeting.ends_at.astimezone(OSLO)
    return {
        "day": starts.strftime("%d.%m.%Y"),
        "starts": starts.strftime("%H:%M"),
        "ends": ends.strftime("%H:%M"),
        "place": meeting.place or "",
        "video_link": meeting.video_link or "",
    }


def _page(plan, meeting, loaded: LoadedForm | None = None, status: int = 200, conflict: bool = False):
    # In the person's access log before it is shown, whatever answers with it.
    staff_plans.opened(db.db_session(), staff_actor(), plan, PlanAccess.COORDINATOR)
    return render_template(
        "staff/meeting_move.html",
        plan=plan,
        meeting=meeting,
        held=meeting.starts_at <= utcnow(),
        typed=loaded.typed if loaded else _typed_from(meeting),
        errors=loaded.errors if loaded else {},
        conflict=conflict,
        # After a conflict the form carries the version now stored, so sending again moves it knowingly.
        version=meeting.version if conflict or loaded is None else loaded.typed.get("version", ""),
    ), status


@bp.get("/<int:meeting_id>/flytt")
@staff_requires(Capability.STAFF_PLAN_READ)
def move_form(plan_id: int, meeting_id: int):
    plan, meeting = _coordinated_meeting(plan_id, meeting_id)
    return _page(plan, meeting)


@bp.post("/<int:meeting_id>/flytt")
@staff_requires(Capability.PLAN_WRITE)
def move(plan_id: int, meeting_id: int):
    plan, meeting = _coordinated_meeting(plan_id, meeting_id)
    if meeting.starts_at <= utcnow():
        return _page(plan, meeting, status=409)  # begun since the form was shown: the page says so
    schema = forms.MoveMeetingSchema()
    loaded = load_form(schema, request.form)
    if "version" in loaded.errors:
        abort(400)  # a form we never made: nothing typed to keep
    if loaded.ok:
        data = loaded.data
        starts, ends = forms.meeting_times(data)
        actor = StaffForPerson(staff_actor(), plan.owner)
        try:
            meetings.move_meeting(
                db.db_session(), actor, meeting, data["version"], starts, ends, data["place"], data["video_link"]
            )
        except meetings.Refused as refused:
            if "meeting" in refused.errors:
                return _page(plan, meeting, status=409)
            loaded.errors = _refusal(schema, refused)
        except meetings.StaleMeeting as stale:
            found = found_or_404(stale.meeting, refused="meeting")
            return _page(plan, found, loaded, 409, conflict=True)
        else:
            flash(gettext("Møtet er flyttet. Personen ser den nye tiden i planen sin."), notices.SUCCESS)
            return redirect(url_for("staff_meetings.meetings_page", plan_id=plan_id), code=303)
    return _page(plan, meeting, loaded, 422)
