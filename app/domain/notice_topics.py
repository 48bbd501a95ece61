"""What a person can be told of by e-mail and SMS, as topics they can turn off one by one, and
which named events belong to which topic. An event with no topic sends no notice (a coordinator
adding a measure is news on the plan, not a reason for an SMS)."""

from __future__ import annotations

from enum import StrEnum

from app.domain.cases import Step
from app.domain.events import EventName


class Topic(StrEnum):
    MESSAGES = "messages"  # a new message from the coordinator (or, for staff, from the person)
    VISITS = "visits"  # a visit in the coming week cancelled or moved
    MEETINGS = "meetings"  # a meeting called or moved, its minutes written
    PROPOSALS = "proposals"  # the coordinator answered a proposed goal or topic
    CASES = "cases"  # a request or complaint moved on: interim answer, decision, …
    REMINDERS = "reminders"  # a consent or fullmakt ending, a birthday that changes who decides


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


MESSAGE_SENT = "message.sent"


def case_event(step: Step | str) -> str:
    return f"case.{step}"


class Reminder(StrEnum):
    CONSENT_ENDING = "reminder.consent_ending"
    FULLMAKT_ENDING = "reminder.fullmakt_ending"
    TURNS_12 = "reminder.turns_12"
    TURNS_16 = "reminder.turns_16"
    TURNS_18 = "reminder.turns_18"
    CASE_DEADLINE = "reminder.case_deadline"  # to the KE's officers: a request near its deadline


TOPIC_OF: dict[str, Topic] = {
    MESSAGE_SENT: Topic.MESSAGES,
    EventName.VISIT_CANCELLED: Topic.VISITS,
    EventName.VISIT_MOVED: Topic.VISITS,
    EventName.MEETING_CALLED: Topic.MEETINGS,
    EventName.MEETING_MOVED: Topic.MEETINGS,
    EventName.MINUTES_WRITTEN: Topic.MEETINGS,
    EventName.GOAL_AGREED: Topic.PROPOSALS,
    EventName.GOAL_AGREED_CHANGED: Topic.PROPOSALS,
    EventName.GOAL_NOT_NOW: Topic.PROPOSALS,
    EventName.TOPIC_ON_AGENDA: Topic.PROPOSALS,
    EventName.TOPIC_ANSWERED: Topic.PROPOSALS,
    case_event(Step.RECEIVED): Topic.CASES,
    case_event(Step.INTERIM_ANSWER): Topic.CASES,
    case_event(Step.COORDINATOR_APPOINTED): Topic.CASES,
    case_event(Step.DECIDED): Topic.CASES,
    **{str(reminder): Topic.REMINDERS for reminder in Reminder if reminder != Reminder.CASE_DEADLINE},
    Reminder.CASE_DEADLINE: Topic.CASES,
}

# How many times a notice is tried on a channel that keeps failing for now before it is given up on.
MAX_ATTEMPTS = 6
# A visit changed further ahead than this is on the plan, not worth an SMS.
VISIT_NOTICE_DAYS = 7
# How long before a consent or fullmakt ends the person is reminded.
ENDING_NOTICE_DAYS = 30
