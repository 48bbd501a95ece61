"""docs/fhir-profile.md and /fhir/metadata say what the API does, no more and no less: every example
is valid FHIR shaped as the API sends it, every extension and code system is documented, and the
CapabilityStatement lists exactly the routes there are."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from sqlalchemy import select

from app import db
from app.api import capability, profile
from app.domain.vocabulary import LIFE_AREAS
from app.models import Person, Plan
from tests.people import KARI

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "fhir-profile.md"
TEXT = DOCUMENT.read_text()
EXAMPLES = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", TEXT, re.DOTALL)]


def _extension_urls(value) -> set[str]:
    """The url of every extension in a resource: an element with a url and a value[x]."""
    if isinstance(value, dict):
        own = {value["url"]} if "url" in value and any(key.startswith("value") for key in value) else set()
        return own.union(*(_extension_urls(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_extension_urls(item) for item in value))
    return set()


@pytest.mark.parametrize("example", EXAMPLES, ids=[example["resourceType"] for example in EXAMPLES])
def test_every_example_is_valid_fhir(example):
    model = get_fhir_model_class(example["resourceType"])

    assert model.model_validate(example).model_dump()["resourceType"] == example["resourceType"]


def test_every_extension_and_code_system_used_is_documented():
    extensions = {value for name, value in vars(profile).items() if name.startswith("EXT_")}
    systems = {profile.FNR_SYSTEM, profile.DNR_SYSTEM, profile.LIFE_AREA_SYSTEM, profile.PLAN_CATEGORY_SYSTEM}

    assert all(f"`{url.rsplit('/', 1)[1]}`" in TEXT for url in extensions)
    assert all(system in TEXT for system in systems | {profile.GOAL_PRIORITY_SYSTEM})
    assert all(f"`{area}`" in TEXT for area in LIFE_AREAS)
    assert set().union(*(_extension_urls(example) for example in EXAMPLES)) <= extensions


def test_the_plan_example_has_the_elements_the_api_sends(fhir, api_app):
    with api_app.app_context(), db.new_session() as session:
        plan_id = session.scalar(select(Plan.id).join(Plan.owner).where(Person.pid == KARI))
    sent = fhir(f"/fhir/CarePlan/{plan_id}").get_json()
    (example,) = [e for e in EXAMPLES if e["resourceType"] == "CarePlan" and "id" in e]

    assert set(example) == set(sent)
    assert all(set(activity) == {"reference"} for activity in sent["activity"])


def test_the_measure_example_has_the_elements_the_api_sends(fhir, api_app):
    with api_app.app_context(), db.new_session() as session:
        plan_id = session.scalar(select(Plan.id).join(Plan.owner).where(Person.pid == KARI))
    sent = fhir(f"/fhir/ServiceRequest?based-on=CarePlan/{plan_id}").get_json()["entry"]
    (example,) = [example for example in EXAMPLES if example["resourceType"] == "ServiceRequest"]

    assert set(example) <= set().union(*(entry["resource"] for entry in sent))


def test_the_capability_statement_lists_exactly_the_routes_there_are(api_app):
    statement = CapabilityStatement.model_validate_json(api_app.test_client().get("/fhir/metadata").get_data())
    listed = {(r.type, i.code) for r in statement.rest[0].resource for i in r.interaction}
    routes = set()
    for rule in api_app.url_map.iter_rules():
        kind = rule.rule.removeprefix("/fhir/").split("/")[0]
        if not rule.endpoint.startswith("api.") or kind == "metadata":
            continue
        if "PUT" in rule.methods:
            routes.add((kind, "update"))
        elif "POST" in rule.methods:
            routes.add((kind, "create"))
        elif "DELETE" in rule.methods:
            routes.add((kind, "delete"))
        elif "/_history/" in rule.rule:
            routes.add((kind, "vread"))
        else:
            routes.add((kind, "read" if rule.arguments else "search-type"))

    assert listed == routes
    assert {kind for kind, _ in routes} == set(capability.RESOURCES)
