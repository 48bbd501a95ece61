"""The consent pages' routes: parse, ask the policy, call one service, render or redirect."""

from __future__ import annotations

import json

from flask import Response, render_template

from app import db
from app.auth.actor import actor
from app.consent import bp
from app.consent import receipt as fhir_receipt
from app.domain.capabilities import Capability
from app.domain.clock import today
from app.policy import may, requires
from app.services import consents
from app.services import plan_consent as plan_consents


def _read(page: str):
    """The plan and its consents for the person the actor acts for; the read is audited."""
    acting, s = actor(), db.db_session()
    return acting, s, consents.plan_for_actor(s, acting, page)


def overview_values(s, plan) -> dict:
    day = today()
    given = consents.sharing_consents(s, plan) if plan else {}
    rows = (
        [(p, given.get(p.id), consents.state(given.get(p.id), day)) for p in consents.recipients(plan)] if plan else []
    )
    return {
        "rows": rows,
        # "Kort fortalt": every consent in force, by what is shared (an area → the services).
        "in_force": [
            (area, [p.service for p in services]) for area, services in consents.in_force_by_area(s, plan, day, given)
        ]
        if plan
        else [],
        "plan_consent": plan_consents.plan_consent(s, plan) if plan else None,
        "today": day,
    }


@bp.get("/samtykke")
@requires(Capability.PLAN_READ)
def overview():
    acting, s, plan = _read("overview")
    return render_template(
        "consent/overview.html",
        plan=plan,
        owner=acting.subject,
        may_manage=may(Capability.CONSENT_MANAGE),
        **overview_values(s, plan),
    )


@bp.get("/samtykke/historikk")
@requires(Capability.PLAN_READ)
def history():
    acting, s, plan = _read("history")
    return render_template(
        "consent/history.html",
        plan=plan,
        owner=acting.subject,
        changes=consents.history(s, plan, acting) if plan else [],
    )


@bp.get("/samtykke/kvittering")
@requires(Capability.PLAN_READ)
def receipt():
    acting, s, plan = _read("receipt")
    return render_template("consent/receipt.html", plan=plan, owner=acting.subject, **overview_values(s, plan))


@bp.get("/samtykke/kvittering.json")
@requires(Capability.PLAN_READ)
def receipt_json():
    acting, s, plan = _read("receipt.json")
    bundle = fhir_receipt.fhir_bundle(
        acting.subject,
        plan,
        consents.sharing_consents(s, plan) if plan else {},
        plan_consents.plan_consent(s, plan) if plan else None,
        today(),
    )
    response = Response(json.dumps(bundle, ensure_ascii=False, indent=2), mimetype="application/fhir+json")
    response.headers["Content-Disposition"] = f'attachment; filename="samtykker-{today().isoformat()}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response
