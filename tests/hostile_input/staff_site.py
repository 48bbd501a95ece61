"""The staff side as the attacks meet it: the walk from the staff's home as a KE officer, a
coordinator and a staff member with no role, and the forms no walk finds as they stand.

A case's forms post to the case, so each is taken from a case of its own, sent for the attacks:
a form taken (closing, deciding, taking) leaves the other forms where they were. The roles page
offers a revoke per role; the one attacked is that of the coordinator who coordinates no plan,
so no one's access to a plan goes. The page asking a reason to open a plan is the officer's on
Kari's plan, which she does not coordinate (the coordinator's caseload links to it)."""

from __future__ import annotations

from app.demo.staff import STAFF as DEMO_STAFF
from app.sessions import STAFF_PREFIX
from tests.conftest import PageClient
from tests.hostile_input.site import Site, add_page, endpoint_of, forms_on, post_forms, walk
from tests.staff.cases import send_case
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, ASKOY_OTHER_COORDINATOR, NO_ROLE

# Who visits the staff side, the officer first: she is shown the richest forms.
STAFF = {"officer": ASKOY_OFFICER, "coordinator": ASKOY_COORDINATOR, "no-role": NO_ROLE}
HOME = STAFF_PREFIX + "/"
CASE_FORMS = (
    "staff_desk.take",
    "staff_desk.interim_answer",
    "staff_desk.appoint",
    "staff_desk.decide",
    "staff_desk.close",
)


def staff_sites(app, visitor) -> dict[str, Site]:
    """What each staff visitor meets; `visitor(app, who)` logs a browser in."""
    found = {who: walk(app, visitor(app, who).client, Site(), start=[HOME]) for who in STAFF}
    officer = visitor(app, "officer")
    for endpoint in CASE_FORMS:
        _add(app, officer, found["officer"], f"{STAFF_PREFIX}/saker/{send_case(app)}", {endpoint})
    _add_revoke_of(app, officer, found["officer"], ASKOY_OTHER_COORDINATOR)
    kari_plan = next(p for p in sorted(found["coordinator"].pages) if endpoint_of(app, p, "GET") == "staff_plans.plan")
    _add(app, officer, found["officer"], kari_plan, {"staff_plans.give_reason"})
    # The coordinator's work on Kari's plan lies deeper than the walk from home goes: walked from
    # the plan's page (proposals, the editor and its forms, visits, meetings and minutes, revision).
    coordinator = visitor(app, "coordinator")
    _answer_kari(app, coordinator, kari_plan)  # so the messages page offers the answer's withdrawal
    walk(app, coordinator.client, found["coordinator"], start=[kari_plan])
    return found


def _answer_kari(app, client: PageClient, kari_plan: str) -> None:
    page = f"{kari_plan}/meldinger"
    values = dict(next(v for a, v in forms_on(client.get(page).get_data(as_text=True)) if a == page))
    assert client.post(page, {**values, "text": "Ja, det gjør vi."}).status_code == 303


def _add(app, client: PageClient, site: Site, page: str, endpoints: set[str]) -> None:
    response = client.get(page)
    assert response.status_code == 200, f"{page}: {response.status_code}"
    add_page(app, site, page, response.get_data(as_text=True), replace=endpoints)
    assert all(site.forms[endpoint].page == page for endpoint in endpoints), f"{endpoints} not on {page}"


def _add_revoke_of(app, client: PageClient, site: Site, username: str) -> None:
    name = next(member.name for member in DEMO_STAFF if member.username == username)
    page = STAFF_PREFIX + "/tilganger"
    response = client.get(page)
    assert response.status_code == 200
    form = next(
        form
        for form in post_forms(response.get_data(as_text=True))
        if endpoint_of(app, form.get("action") or "", "POST") == "staff_roles.revoke" and name in form.get_text()
    )
    add_page(app, site, page, str(form), replace={"staff_roles.revoke"})
