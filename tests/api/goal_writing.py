"""What the tests of the API's writes share: the demo plans' ids and goals as the database holds them."""

from __future__ import annotations

from fhir.resources.R4B.operationoutcome import OperationOutcome
from sqlalchemy import select

from app import db
from app.api import profile
from app.models import Goal, Person, Plan
from tests.api.conftest import READ, WRITE
from tests.api.test_profile_document import EXAMPLES
from tests.people import KARI

BOTH = f"{READ} {WRITE}"


def ids(api_app, pid: str, private: bool = False) -> tuple[int, int]:
    """(the plan's id, the id of its first agreed goal, kept from the parents or not)."""
    with api_app.app_context(), db.new_session() as session:
        plan_id = session.scalar(select(Plan.id).join(Plan.owner).where(Person.pid == pid))
        goal_id = session.scalar(
            select(Goal.id)
            .where(Goal.plan_id == plan_id, Goal.status == "agreed", Goal.private_from_parents.is_(private))
            .order_by(Goal.position)
        )
    return plan_id, goal_id


def goal_row(api_app, goal_id: int) -> tuple[str, int]:
    with api_app.app_context(), db.new_session() as session:
        goal = session.get(Goal, goal_id)
        return goal.text, goal.version


def changed(read: dict, text: str) -> dict:
    return {**read, "description": {"text": text}}


def issue(response) -> str:
    return OperationOutcome.model_validate_json(response.get_data()).issue[0].code


def documented_create(plan_id: int) -> dict:
    """The create example of docs/fhir-profile.md, naming Kari's plan by its id in this database."""
    (example,) = [e for e in EXAMPLES if e["resourceType"] == "Goal" and "id" not in e]
    plan = [e for e in example["extension"] if e["url"] == profile.EXT_CARE_PLAN]
    assert plan and example["subject"]["identifier"]["value"] == KARI
    rest = [e for e in example["extension"] if e["url"] != profile.EXT_CARE_PLAN]
    return {**example, "extension": [{**plan[0], "valueReference": {"reference": f"CarePlan/{plan_id}"}}, *rest]}
