""" "Last ned dataene dine": the person's own copy (GDPR art. 15 and 20) as a FHIR Bundle and as a
printable page, holding what the reader may see of the person and nothing more."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.auth.sessions import act_for, log_in_test_client
from tests.messages.helpers import post
from tests.people import KARI, NILS, SARA
from tests.privacy.sara import EVALUATIONS, GOAL, MESSAGES, PREFIX, forget_measure, keep_things_private


def _bundle(client) -> tuple[Bundle, dict[str, list[dict]], str]:
    response = client.client.get("/min-side/dataene-dine.json")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="minplan-data-')
    text = response.get_data(as_text=True)
    bundle = Bundle.model_validate_json(text)  # the whole file, every resource, as FHIR R4B allows
    by_type: dict[str, list[dict]] = {}
    for entry in json.loads(text)["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return bundle, by_type, text


def test_kari_downloads_a_fhir_bundle_with_her_goals_messages_consents_and_access_log(app, client):
    log_in_test_client(app, client, KARI)
    assert post(client, "/meldinger", text="Kan vi flytte møtet?").status_code == 303
    bundle, found, text = _bundle(client)
    assert bundle.type == "collection"
    assert [p["identifier"][0]["value"] for p in found["Patient"]] == [KARI]
    assert len(found["CarePlan"]) == 1
    assert any(goal["description"]["text"].startswith("Jeg vil gå tur") for goal in found["Goal"])
    assert [m["payload"][0]["contentString"] for m in found["Communication"]] == ["Kan vi flytte møtet?"]
    assert found["Consent"] and found["AuditEvent"]
    # Her own download is in the copy's access log already: recorded before the copy was made.
    assert "data_copy.downloaded" in {event["type"]["code"] for event in found["AuditEvent"]}
    # Every measure the plan names is in the copy, as the API gives it (a ServiceRequest with its times).
    (plan,) = found["CarePlan"]
    measures = {f"ServiceRequest/{request['id']}": request for request in found["ServiceRequest"]}
    assert [activity["reference"]["reference"] for activity in plan["activity"]] == list(measures)
    assert all(request.get("occurrenceTiming") or request.get("extension") for request in measures.values())


def test_kari_reads_the_same_copy_as_a_printable_page_and_the_download_is_in_her_access_log(app, client):
    log_in_test_client(app, client, KARI)
    about = client.get("/min-side/dataene-dine").get_data(as_text=True)
    assert 'href="/min-side/dataene-dine/utskrift"' in about and 'href="/min-side/dataene-dine.json"' in about
    assert 'href="/min-side/dataene-dine"' in client.get("/min-side").get_data(as_text=True)
    page = client.get("/min-side/dataene-dine/utskrift")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Jeg vil gå tur" in html and "Tilgangsloggen" in html and "Samtykker" in html
    log = client.get("/tilgangslogg").get_data(as_text=True)
    assert "Du lastet ned en kopi av dataene dine" in log


def test_the_copy_is_in_karis_language(app, client):
    log_in_test_client(app, client, KARI, locale="en", easy_read=False)
    html = client.get("/min-side/dataene-dine/utskrift").get_data(as_text=True)
    assert 'lang="en"' in html


def test_in_easy_read_the_page_says_what_the_copy_holds_in_everyday_words(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=True)
    html = client.get("/min-side/dataene-dine").get_data(as_text=True)
    assert "Dette er med i kopien" in html and "Lagre kopien som fil" in html
    assert "Hva kopien inneholder" not in html


def test_someone_not_logged_in_is_sent_to_log_in(client):
    for path in ("/min-side/dataene-dine", "/min-side/dataene-dine.json", "/min-side/dataene-dine/utskrift"):
        response = client.client.get(path)
        assert response.status_code in (302, 303) and "/logg-inn" in response.headers["Location"]


def test_nils_with_a_read_only_fullmakt_gets_karis_copy_without_her_fullmakter(app, client):
    act_for(app, client, NILS, KARI)
    _, found, _ = _bundle(client)
    assert any(goal["description"]["text"].startswith("Jeg vil gå tur") for goal in found["Goal"])
    kinds = {coding["code"] for basic in found.get("Basic", []) for coding in basic["code"]["coding"]}
    assert "fullmakt" not in kinds  # whom she gave a fullmakt is hers to see
    assert "AuditEvent" not in found  # a fullmakt to read the plan is not one to read her access log
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, KARI)
    assert "lastet ned en kopi av dataene dine" in client.get("/tilgangslogg").get_data(as_text=True)


@pytest.fixture
def sara_kept_things(app, client):
    secrets = keep_things_private(app, client)
    client.client.delete_cookie("minplan_session")
    yield secrets
    forget_measure(app)


def test_saras_father_gets_nothing_she_keeps_private_in_either_copy(app, client, sara_kept_things):
    act_for(app, client, NILS, SARA)
    _, found, text = _bundle(client)
    html = client.get("/min-side/dataene-dine/utskrift").get_data(as_text=True)
    assert found["Goal"], "his copy holds the goals she shares with him"
    assert PREFIX.lower() not in text.lower()
    assert PREFIX.lower() not in html.lower()
    assert str(sara_kept_things.demo_private_goal_id) not in {goal["id"] for goal in found["Goal"]}
    # Her plan names only the goals his copy holds: not even the id of one she keeps from him.
    (plan,) = found["CarePlan"]
    assert [ref["reference"] for ref in plan["goal"]] == [f"Goal/{goal['id']}" for goal in found["Goal"]]
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, SARA)
    _, _, hers = _bundle(client)
    # Her own copy holds them all, so the look for them above can fail.
    assert (
        GOAL["text"] in hers and EVALUATIONS[0] in hers and MESSAGES["asked"] in hers and MESSAGES["answered"] in hers
    )
    assert "Nils Lund, forelder, lastet ned en kopi av dataene dine" in client.get("/tilgangslogg").get_data(
        as_text=True
    )
