"""A coordinator removes a helper the person once gave consent about: the helper is gone from
every page that shows the plan, the consent to them ends, and the consent history still names
them. A stale form removes nothing."""

from __future__ import annotations

import re

from sqlalchemy import select

from app import db
from app.models import AuditEvent, Participant, PlanChange
from tests.auth.sessions import log_in_test_client
from tests.consent.helpers import changes_of, consent_of, participant_id
from tests.people import KARI
from tests.staff.sessions import ASKOY_COORDINATOR, log_in_staff


def _post(client, path: str, data: dict):
    return client.post(path, {"csrf_token": client.csrf_token(path), **data})


def _plan_id(app, participant: int) -> int:
    with app.app_context():
        return db.db_session().get(Participant, participant).plan_id


def _remove_form(client, base: str, participant: int) -> str:
    page = client.get(f"{base}/deltakere/{participant}").get_data(as_text=True)
    form = page[page.index(f"/deltakere/{participant}/fjern") :]
    return re.search(r'name="version" value="(\d+)"', form).group(1)


def test_a_helper_with_consent_history_is_removed_and_the_history_still_names_them(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    plan_id = _plan_id(app, fastlegen)
    base = f"/ansatt/planer/{plan_id}"
    assert consent_of(app, fastlegen).status == "given"
    log_in_staff(app, client, ASKOY_COORDINATOR)
    version = _remove_form(client, base, fastlegen)
    assert _post(client, f"{base}/deltakere/{fastlegen}/fjern", {"version": version}).status_code == 303

    assert "Dr. Aud Lie" not in client.get(f"{base}/rediger").get_data(as_text=True)
    assert client.get(f"{base}/deltakere/{fastlegen}").status_code == 404
    assert consent_of(app, fastlegen).status == "withdrawn"
    assert changes_of(app, fastlegen)[-1].action == "participant_removed"
    with app.app_context():
        s = db.db_session()
        assert "participant.removed" in s.scalars(select(PlanChange.name).where(PlanChange.plan_id == plan_id)).all()
        assert s.scalar(select(AuditEvent.id).where(AuditEvent.action == "participant.removed")) is not None

    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    assert "Dr. Aud Lie" not in client.get("/plan").get_data(as_text=True)
    assert "Fastlegen" not in client.get("/samtykke").get_data(as_text=True)
    assert client.get(f"/samtykke/{fastlegen}/endre").status_code == 404
    history = client.get("/samtykke/historikk").get_data(as_text=True)
    assert "Samtykket til Fastlegen sluttet å gjelde fordi de ikke lenger er med i planen." in history
    assert "Samtykke til Fastlegen ble gitt av" in history


def test_a_stale_form_removes_nothing(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    base = f"/ansatt/planer/{_plan_id(app, fastlegen)}"
    log_in_staff(app, client, ASKOY_COORDINATOR)
    version = _remove_form(client, base, fastlegen)
    changed = {"kind": "service", "service": "Fastlegen", "name": "Dr. Aud Lie", "role": "fastlege"}
    assert _post(client, f"{base}/deltakere/{fastlegen}", {**changed, "version": version}).status_code == 303

    stale = _post(client, f"{base}/deltakere/{fastlegen}/fjern", {"version": version})
    assert stale.status_code == 409
    assert consent_of(app, fastlegen).status == "given"
    assert "Dr. Aud Lie" in client.get(f"{base}/rediger").get_data(as_text=True)
    assert [c.action for c in changes_of(app, fastlegen)][-1] != "participant_removed"
