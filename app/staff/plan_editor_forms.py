"""What the plan editor's forms show: a part of the plan as its form's values, a schedule in the
reader's words, and the preview of the next visits ("mandag 5. januar kl. 08:00–08:30")."""

from __future__ import annotations

from babel.dates import get_day_names
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from app.schemas.base import LoadedForm
from app.schemas.plan_editor import KEEP_SCHEDULE, NO_SCHEDULE, UNTIL_DATE, UNTIL_FURTHER_NOTICE
from app.services.schedule_form import BIWEEKLY, ONCE, WEEKDAYS, ScheduleForm, form_of
from app.templating import format_clock_of_day

# A day without its year, as each language writes it.
_DAY_PATTERNS = {"en": "EEEE d MMMM"}
_DAY_PATTERN = "EEEE d. MMMM"


def _day(value) -> str:
    return str(format_date(value, "d.M.yyyy"))


def _clock(value) -> str:
    return f"{value:%H.%M}"


def _text(value) -> str:
    return "" if value is None else str(value)


def with_version(loaded: LoadedForm, current) -> LoadedForm:
    """What was typed, with the version of the row as it is now: sending again saves over it, on purpose."""
    if current is not None:
        loaded.typed["version"] = str(current.version)
    return loaded


def goal_typed(goal) -> dict:
    names = ("life_area", "text", "own_resources", "network_help", "needs")
    typed = {name: _text(getattr(goal, name)) if goal else "" for name in names}
    return {**typed, "version": str(goal.version) if goal else ""}


def participant_typed(participant, goals_of: dict[int, list[int]]) -> dict:
    names = ("kind", "service", "name", "role", "helps_with", "phone", "email")
    typed = {name: _text(getattr(participant, name)) if participant else "" for name in names}
    goals = [str(i) for i in goals_of.get(participant.id, [])] if participant else []
    return {**typed, "goals": goals, "version": str(participant.version) if participant else ""}


def period_typed(plan) -> dict:
    return {
        "period_start": _day(plan.period_start) if plan.period_start else "",
        "period_end": _day(plan.period_end) if plan.period_end else "",
        "next_revision": _day(plan.next_revision) if plan.next_revision else "",
        "version": str(plan.version),
    }


def schedule_typed(entries) -> dict:
    """A measure's schedule as the form's fields: one rule the form can say, else kept as it is."""
    blank = {"weekdays": [], "starts": "", "ends": "", "first_day": "", "until": UNTIL_FURTHER_NOTICE, "last_day": ""}
    if not entries:
        return {**blank, "schedule": NO_SCHEDULE}
    said = form_of(entries[0].recurrence, entries[0].duration_minutes) if len(entries) == 1 else None
    if said is None:
        return {**blank, "schedule": KEEP_SCHEDULE}
    return {
        "schedule": said.kind,
        "weekdays": list(said.weekdays),
        "starts": _clock(said.starts),
        "ends": _clock(said.ends),
        "first_day": _day(said.first_day),
        "until": UNTIL_DATE if said.last_day else UNTIL_FURTHER_NOTICE,
        "last_day": _day(said.last_day) if said.last_day else "",
    }


def measure_typed(measure) -> dict:
    names = ("what", "how_much", "service_name", "responsible_role", "how")
    typed = {name: _text(getattr(measure, name)) if measure else "" for name in names}
    return {
        **typed,
        "goal_id": _text(measure.goal_id) if measure else "",
        **schedule_typed(measure.schedule if measure else []),
        "version": str(measure.version) if measure else "",
    }


def weekday_names() -> list[tuple[str, str]]:
    """(BYDAY, the day's name in the reader's language), Monday first."""
    names = get_day_names("wide", locale=get_locale())
    return [(code, names[index]) for index, code in enumerate(WEEKDAYS)]


def visit_words(start, end) -> str:
    """One visit in the reader's words: "mandag 5. januar kl. 08:00–08:30"."""
    pattern = _DAY_PATTERNS.get(str(get_locale()), _DAY_PATTERN)
    return _(
        "%(day)s kl. %(start)s–%(end)s",
        day=format_date(start, pattern),
        start=format_clock_of_day(start),
        end=format_clock_of_day(end),
    )


def describe(said: ScheduleForm) -> str:
    names = dict(weekday_names())
    days = ", ".join(names[day] for day in WEEKDAYS if day in said.weekdays)
    times = {"start": _clock(said.starts), "end": _clock(said.ends)}
    if said.kind == ONCE:
        return _("Én gang, %(day)s kl. %(start)s–%(end)s.", day=format_date(said.first_day, "long"), **times)
    often = (
        _("Annenhver uke: %(days)s kl. %(start)s–%(end)s.", days=days, **times)
        if said.kind == BIWEEKLY
        else _("Hver uke: %(days)s kl. %(start)s–%(end)s.", days=days, **times)
    )
    if said.last_day:
        return (
            often
            + " "
            + _(
                "Fra %(first)s til %(last)s.",
                first=format_date(said.first_day, "long"),
                last=format_date(said.last_day, "long"),
            )
        )
    return often + " " + _("Fra %(first)s, inntil videre.", first=format_date(said.first_day, "long"))


def describe_schedule(entry) -> str:
    """A stored schedule in words, or the rule as it is stored when the form cannot say it."""
    said = form_of(entry.recurrence, entry.duration_minutes)
    return describe(said) if said else _("Egen regel: %(rule)s", rule=entry.recurrence)
