"""vread answers the current version as a read does, and an earlier one as not kept."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import db
from app.api import capability
from app.models import AuditEvent
from tests.api.goal_writing import ids, issue
from tests.people import KARI


def _logged(api_app) -> int:
    with api_app.app_context(), db.new_session() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.basis == "system:api"))


@pytest.mark.parametrize("kind", ["CarePlan", "Goal", "Patient", "ServiceRequest"])
def test_the_current_version_is_read_and_an_earlier_one_is_not_kept(fhir, api_app, kind):
    plan_id, goal_id = ids(api_app, KARI)
    first = fhir(f"/fhir/ServiceRequest?based-on=CarePlan/{plan_id}&_count=1").get_json()["entry"][0]["resource"]["id"]
    resource_id = {"CarePlan": plan_id, "Goal": goal_id, "Patient": None, "ServiceRequest": first}[kind]
    if resource_id is None:
        resource_id = fhir(f"/fhir/CarePlan/{plan_id}").get_json()["subject"]["reference"].split("/")[1]
    read = fhir(f"/fhir/{kind}/{resource_id}")
    version = read.get_json()["meta"]["versionId"]

    before = _logged(api_app)
    current = fhir(f"/fhir/{kind}/{resource_id}/_history/{version}")
    assert _logged(api_app) == before + 1  # a vread is in the person's access log as the read is
    earlier = fhir(f"/fhir/{kind}/{resource_id}/_history/0")

    assert current.status_code == 200 and current.get_json() == read.get_json()
    assert current.headers["ETag"] == read.headers["ETag"]
    assert earlier.status_code == 404 and issue(earlier) == "not-found"
    assert fhir(f"/fhir/{kind}/99999999/_history/1").status_code == 404
    assert fhir(f"/fhir/{kind}/{resource_id}/_history/{version}", token="").status_code == 401


def test_every_resource_read_offers_vread(api_app):
    statement = api_app.test_client().get("/fhir/metadata").get_json()
    for resource in statement["rest"][0]["resource"]:
        codes = [interaction["code"] for interaction in resource["interaction"]]
        assert ("vread" in codes) == ("read" in codes) and resource["readHistory"] is False
    assert set(capability.RESOURCES) == {resource["type"] for resource in statement["rest"][0]["resource"]}
