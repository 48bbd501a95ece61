"""The privacy walk: as Nils acting for his daughter Sara (14), open every page and fragment the
app has, with every id of hers, and find nothing she keeps from her parents; as Sara, find it all."""

from __future__ import annotations

import pytest

from tests.auth.sessions import act_for, log_in_test_client
from tests.people import NILS, SARA
from tests.privacy.sara import DRAFT_AREAS, PREFIX, SENT_GOAL, forget_measure, keep_things_private, path_values
from tests.privacy.walk import walk
from tests.wizard.helpers import fill_in


@pytest.fixture
def secrets(app, client):
    made = keep_things_private(app, client)
    client.client.delete_cookie("minplan_session")
    yield made
    forget_measure(app)


def _get_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}


def test_nils_acting_for_sara_finds_nothing_she_keeps_private_on_any_page_or_fragment(app, client, secrets):
    act_for(app, client, NILS, SARA)
    # His own answers in the same life areas as hers: the per-area pages open, on his draft.
    fill_in(client, {area: "Jeg vil at Sara skal ha det bra." for area in DRAFT_AREAS})
    visits = walk(
        app,
        client.client,
        path_values(app, secrets, ["et-token-nils-ikke-har"]),
        alive="Du handler nå på vegne av Sara Lund",
    )
    marker = PREFIX.lower()
    leaks = [
        f"{visit} ({visit.status}): {visit.text[visit.text.lower().index(marker) - 80 :][:200]!r}"
        for visit in visits
        if marker in visit.text.lower()
    ]
    assert leaks == []
    # The walk really read pages as Nils: every GET route, and the pages that once leaked.
    assert {visit.endpoint for visit in visits} >= _get_endpoints(app)
    shown = {visit.url for visit in visits if visit.status == 200}
    assert {
        "/hva-er-viktig",
        "/hva-er-viktig/sendt",
        "/hva-er-viktig/viktig",
        "/hva-er-viktig/se-over",
        "/plan",
        "/plan/utskrift",
        "/plan/denne-uka",
        "/tilgangslogg?side=1",
        "/samtykke",
        "/samtykke/historikk",
        "/hva-er-viktig/mal/leisure",
        "/hva-er-viktig/hjelp/other",
        "/hva-er-viktig/deltakere",
    } <= shown
    assert len([visit for visit in visits if visit.status == 200]) >= 150


def test_sara_herself_finds_every_marker_so_the_walk_can_fail(app, client, secrets):
    log_in_test_client(app, client, SARA)
    visits = walk(app, client.client, path_values(app, secrets, [secrets.calendar_token]), alive="Hei, Sara Lund!")
    seen = "\n".join(visit.text for visit in visits)
    assert [marker for marker in secrets.markers if marker not in seen] == []
    sent = [visit for visit in visits if visit.url == "/hva-er-viktig/sendt" and visit.htmx]
    assert sent and all(SENT_GOAL in visit.text for visit in sent)
