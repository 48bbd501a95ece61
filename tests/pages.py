"""Every page of the service, with example arguments: the list the whole-app checks walk."""

from __future__ import annotations

from app.info.views import TOPICS
from tests.demo_lookups import DemoGoal, DemoMeeting, DemoParticipant, DemoPlan
from tests.people import KARI

KARIS_WALK = DemoGoal(KARI, "Jeg vil gå tur")
FASTLEGEN = DemoParticipant(KARI, "Fastlegen")

PUBLIC_PAGES: list[tuple[str, dict]] = [
    ("home.index", {}),
    ("info.topics", {}),
    *[("info.topic", {"slug": slug}) for slug in TOPICS],
    ("info.glossary", {}),
    ("info.contacts", {}),
    *[("info.contact", {"slug": slug}) for slug in ("askoy", "luster", "alesund", "horten")],
    ("info.accessibility", {}),
    ("info.privacy", {}),
]
# Development only (not registered in production): the mail and SMS the stand-ins received.
PUBLIC_PAGES.append(("devpost.mailbox", {}))

# Pages for a logged-in person; the checks log in first (tests/auth/sessions.py).
LOGGED_IN_PAGES: list[tuple[str, dict]] = [
    ("account.my_page", {}),
    ("representation.choose", {}),
    ("representation.access_log", {}),
    ("representation.power_of_attorney_list", {}),
    ("representation.power_of_attorney_new", {}),
    ("plan.show", {}),
    ("plan.print_view", {}),
    ("plan.goal", {"goal_id": KARIS_WALK}),
    ("plan.edit_goal", {"goal_id": KARIS_WALK}),
    ("plan.topic_form", {"meeting_id": DemoMeeting(KARI)}),  # Kari's coming koordineringsmøte
    ("plan.history", {}),
    ("plan.version", {"number": 1}),  # Kari's plan, revised once in the demo
    ("week.show", {}),
    ("week.show", {"uke": "2026-W48"}),
    ("messages.conversation", {}),
    ("calendar_feed.settings", {}),
    ("preferences.notice_settings", {}),
    ("consent.overview", {}),
    ("consent.history", {}),
    ("consent.receipt", {}),
    ("consent.plan_consent", {}),
    ("consent.plan_consent_withdraw_confirm", {}),
    ("consent.give", {"participant_id": DemoParticipant(KARI, "NAV Askøy")}),  # no consent yet
    ("consent.change", {"participant_id": FASTLEGEN}),
    ("consent.withdraw_confirm", {"participant_id": FASTLEGEN}),
    ("wizard.start", {}),
    ("wizard.important", {}),
    ("wizard.areas", {}),
    ("wizard.participants", {}),
    ("wizard.check", {}),
    ("wizard.sent", {}),
    ("account.cases", {}),
    ("account.complaint", {}),
    ("account.data_copy", {}),
    ("account.data_copy_print", {}),
]
# Pages for someone without a plan: the walk above logs in Kari, whom they send on to her plan.
# tests/account/test_plan_request.py walks them as Arne in every language and mode.
WITHOUT_A_PLAN_PAGES: list[tuple[str, dict]] = [
    ("account.plan_request", {}),
    ("account.plan_request_review", {}),
    ("account.plan_request_sent", {}),
    # The complaint's check and sent pages need a complaint typed or sent first: they redirect
    # without one. tests/account/test_complaint.py walks them in every language and mode.
    ("account.complaint_review", {}),
    ("account.complaint_sent", {}),
]
# Not pages: the receipt and the person's copy as FHIR files, checked in tests/consent/test_receipt.py
# and tests/account/test_data_copy.py.
DOWNLOADS = {"consent.receipt_json", "account.data_copy_json"}

# What a person sees when a login or logout cannot go on, with the status it comes with.
# Reached without ID-porten's help; the refusals that need it are in tests/auth/.
AUTH_ERROR_PAGES: list[tuple[str, int, str]] = [
    ("/logg-inn/callback?error=access_denied&state=gone", 200, "cancelled"),
    ("/logg-inn/callback?code=abc&state=never-issued", 400, "expired"),
    ("/logg-inn/callback?code=%00%01&state=x", 400, "failed"),
    ("/logg-ut/ferdig?state=not-ours", 400, "logout unconfirmed"),
]

# Endpoints that answer ID-porten or redirect, rather than show a page of their own; each is
# tested in tests/auth/ (its pages are the AUTH_ERROR_PAGES above).
PROTOCOL_ENDPOINTS = {"auth.login", "auth.callback", "auth.logged_out", "auth.frontchannel_logout"}
# Shows a form kept across a new login once, else redirects to Min side: its page is checked in
# tests/sessions/test_kept_forms.py and the browser walk of tests/browser/test_session_expiry.py.
PROTOCOL_ENDPOINTS |= {"auth.send_kept_form"}


def _fhir_endpoints() -> set[str]:
    """Every route of the FHIR API: it answers municipal systems in FHIR JSON, never with a page
    (tests/api/), so a resource added there needs no entry here."""
    from flask import Flask

    from app.api import setup

    probe = Flask("fhir-routes")
    probe.register_blueprint(setup.bp)
    return {rule.endpoint for rule in probe.url_map.iter_rules() if rule.endpoint.startswith("api.")}


PROTOCOL_ENDPOINTS |= _fhir_endpoints()

# The load balancer's probes answer in plain words and the metrics scraper's in Prometheus' text,
# for machines (tests/test_health.py, tests/test_metrics.py).
PROTOCOL_ENDPOINTS |= {"health.alive", "health.ready", "metrics.metrics"}

# The same for the staff side's provider (tests/staff/).
PROTOCOL_ENDPOINTS |= {
    "staff_auth.login_start",
    "staff_auth.callback",
    "staff_auth.logged_out",
    "staff_auth.frontchannel_logout",
}

# Pages on the staff side, each seen by a staff member whose role opens it
# (tests/staff/test_staff_pages.py).
STAFF_PAGES: list[tuple[str, dict]] = [("staff.home", {}), ("staff_caseload.caseload", {}), ("staff_roles.roles", {})]
STAFF_PAGES.append(("staff_desk.desk", {}))
STAFF_PAGES.append(("staff_failed_notices.failed_notices", {}))
# Kari's conversation with her coordinator.
STAFF_PAGES.append(("staff_messages.conversation", {"plan_id": DemoPlan(KARI)}))
# Moving Kari's coming koordineringsmøte, as her coordinator.
STAFF_PAGES.append(("staff_meeting_moves.move_form", {"plan_id": DemoPlan(KARI), "meeting_id": DemoMeeting(KARI)}))

LOCALES = ["nb", "nn", "en", "se"]
