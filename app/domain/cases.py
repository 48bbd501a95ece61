"""The koordinerende enhet's cases: what can come in, the steps a case goes through, and the
one-month rule (forvaltningsloven § 11 a): a case not decided within a month of receipt needs a
written interim answer saying why and when a decision can be expected."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    PLAN_REQUEST = "plan_request"  # a request for an individuell plan (and a coordinator)
    COORDINATOR_REQUEST = "coordinator_request"  # a coordinator only, without a plan (pbrl § 2-5 b)
    COMPLAINT = "complaint"  # pbrl § 7-2, through the municipality to the Statsforvalter
    PLAN_CONSENT_WITHDRAWN = "plan_consent_withdrawn"  # the person no longer wants the plan


class Status(StrEnum):
    RECEIVED = "received"  # nobody has taken it yet
    IN_REVIEW = "in_review"  # an officer handles it
    DECIDED = "decided"  # decided; the person reads the decision and may complain
    FORWARDED = "forwarded"  # a complaint the municipality did not agree with, sent on to the Statsforvalter
    CLOSED = "closed"  # nothing more to do


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.IN_REVIEW})


class Decision(StrEnum):
    GRANTED = "granted"  # a plan, with a coordinator
    COORDINATOR_ONLY = "coordinator_only"  # a coordinator, no plan
    DECLINED = "declined"  # with a reason in plain words
    CHANGED = "changed"  # a complaint: the municipality agreed and changed its decision
    FORWARDED = "forwarded"  # a complaint: sent on to the Statsforvalter
    NOTED = "noted"  # a withdrawn plan consent: the plan is closed as the person wished


# Which decisions fit which kind of case.
DECISIONS: dict[Kind, tuple[Decision, ...]] = {
    Kind.PLAN_REQUEST: (Decision.GRANTED, Decision.COORDINATOR_ONLY, Decision.DECLINED),
    Kind.COORDINATOR_REQUEST: (Decision.COORDINATOR_ONLY, Decision.DECLINED),
    Kind.COMPLAINT: (Decision.CHANGED, Decision.FORWARDED),
    Kind.PLAN_CONSENT_WITHDRAWN: (Decision.NOTED,),
}
# A decision that needs its reason written out for the person.
NEEDS_REASON = frozenset({Decision.DECLINED, Decision.FORWARDED, Decision.CHANGED})
# A decision that needs a coordinator appointed first.
NEEDS_COORDINATOR = frozenset({Decision.GRANTED, Decision.COORDINATOR_ONLY})


class Step(StrEnum):
    """One line of a case's history."""

    RECEIVED = "received"
    TAKEN = "taken"  # an officer took the case
    INTERIM_ANSWER = "interim_answer"
    COORDINATOR_APPOINTED = "coordinator_appointed"
    DECIDED = "decided"
    CLOSED = "closed"


class ComplaintReason(StrEnum):
    """What one can complain about (pbrl § 7-2). Not the choice of coordinator: that is not a decision one can appeal."""

    NO_PLAN = "no_plan"  # I did not get a plan (or a coordinator)
    NOTHING_HAPPENS = "nothing_happens"  # nothing happens in my plan
    NOT_TAKING_PART = "not_taking_part"  # I am not allowed to take part


def one_month_after(received: date) -> date:
    """The same day next month, or that month's last day (31 January → 28 or 29 February)."""
    year, month = (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    return date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    """Where a case stands against the one-month rule, on a given day."""

    due: date  # the interim answer's date when one was sent, else a month after receipt
    days_left: int  # negative when overdue
    overdue: bool
    interim_needed: bool  # a month has passed (or is about to) without a decision or an interim answer


# An interim answer should go out before the month is up: the desk warns this many days ahead.
INTERIM_WARNING_DAYS = 7


def deadline(status: str, month_end: date, interim_expected_by: date | None, today: date) -> Deadline | None:
    """None for a case that is no longer open: it has no deadline any more."""
    if status not in OPEN_STATUSES:
        return None
    due = interim_expected_by or month_end
    days_left = (due - today).days
    interim_needed = interim_expected_by is None and (month_end - today).days <= INTERIM_WARNING_DAYS
    return Deadline(due=due, days_left=days_left, overdue=days_left < 0, interim_needed=interim_needed)
