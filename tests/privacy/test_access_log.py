"""The access log as Sara's father reads it: no trace of her own wizard draft, of what she sent
from it, of her hiding a goal, or of anything done to a goal she keeps from him; Sara reads it all."""

from __future__ import annotations

import pytest

from tests.auth.sessions import act_for, log_in_test_client
from tests.people import NILS, SARA
from tests.privacy.sara import forget_measure, keep_things_private
from tests.wizard.helpers import post_step


def _log(client) -> str:
    response = client.get("/tilgangslogg")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def sara_kept_things(app, client):
    keep_things_private(app, client)
    yield
    forget_measure(app)


def test_nils_reads_only_his_own_wizard_steps_and_none_of_saras_private_doings(app, client, sara_kept_things):
    client.client.delete_cookie("minplan_session")
    act_for(app, client, NILS, SARA)
    post_step(client, "/hva-er-viktig/viktig", {"important": "At Sara har det bra."})
    his = _log(client)
    assert his.count("lagret svar i «Hva er viktig for deg?»") == 1
    assert "Nils Lund, forelder, lagret svar i «Hva er viktig for deg?»" in his
    for trace in (
        "Sara Lund lagret svar",
        "Sara Lund sendte forslag",
        "Sara Lund sa hvordan det går",
        "Sara Lund endret et mål",
    ):
        assert trace not in his
    # Her calendar feed, not her hiding a goal: both are told as "a change".
    assert his.count("Sara Lund gjorde en endring") == 1
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, SARA)
    hers = _log(client)
    assert "Nils Lund, forelder, lagret svar i «Hva er viktig for deg?»" in hers
    # A row per step she saved: five for the answers she sent (one area), seven for the draft (two).
    assert hers.count("Du lagret svar i «Hva er viktig for deg?»") == 12
    for trace in ("Du sendte forslag til mål", "Du sa hvordan det går med et mål", "Du endret et mål"):
        assert trace in hers
    assert hers.count("Du gjorde en endring") == 2
