"""The named domain events of a plan: what happened, in one vocabulary that the person's plan
history, "what is new", the access log and the notices by e-mail and SMS all read. A service records one
with app.services.plan_changes.record, in the same transaction as the change itself; nothing
else writes them, and views never do."""

from __future__ import annotations

from enum import StrEnum


class EventName(StrEnum):
    # The person's proposals, answered by the coordinator.
    GOAL_PROPOSED = "goal.proposed"
    GOAL_AGREED = "goal.agreed"  # as the person wrote it
    GOAL_AGREED_CHANGED = "goal.agreed_changed"  # with changed words; the person's words kept beside
    GOAL_NOT_NOW = "goal.not_now"  # with a reason the person reads
    TOPIC_ON_AGENDA = "topic.on_agenda"
    TOPIC_ANSWERED = "topic.answered"
    # The nine parts, written by the coordinator.
    GOAL_ADDED = "goal.added"
    GOAL_CHANGED = "goal.changed"
    PARTICIPANT_ADDED = "participant.added"
    PARTICIPANT_CHANGED = "participant.changed"
    PARTICIPANT_REMOVED = "participant.removed"
    MEASURE_ADDED = "measure.added"
    MEASURE_CHANGED = "measure.changed"
    MEASURE_REMOVED = "measure.removed"
    PLAN_PERIOD_SET = "plan.period_set"
    PLAN_CONSENT_RECORDED = "plan.consent_recorded"
    # When help happens.
    SCHEDULE_SET = "schedule.set"
    VISIT_CANCELLED = "visit.cancelled"
    VISIT_MOVED = "visit.moved"
    # Koordineringsmøter.
    MEETING_CALLED = "meeting.called"
    MEETING_MOVED = "meeting.moved"
    MINUTES_WRITTEN = "minutes.written"
    # Revision.
    PLAN_REVISED = "plan.revised"


# What a person is told is new (on Min side and the plan), and what notices by e-mail and SMS hear of.
WORTH_TELLING = frozenset(EventName) - {EventName.GOAL_PROPOSED}
