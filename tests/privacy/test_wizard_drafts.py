"""Whose "Hva er viktig for deg?" a page shows: a 12–15-year-old's unsent answers and what she
sent are hers; her father works in a draft of his own, which reaches her plan as his proposal.
A verge and a parent of a child under 12 still share the person's own draft."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.models import Goal, Person, WizardDraft
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import EMMA, NILS, OLA, PER, RANDI, SARA
from tests.wizard.helpers import fill_in, post_step, send

HERS = "Jeg vil bli med i et band."
HIS = "Jeg vil at Sara skal sove bedre."


def _as(app, client, pid: str, represented: str | None = None) -> None:
    client.client.delete_cookie("minplan_session")
    if represented:
        act_for(app, client, pid, represented)
    else:
        log_in_test_client(app, client, pid, locale="nb")


def _text(client, path: str, htmx: bool = False) -> str:
    response = client.get(path, htmx=htmx)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _hide(client, goal_id: int) -> None:
    token = client.csrf_token(f"/plan/mal/{goal_id}")
    assert (
        client.post(
            f"/plan/mal/{goal_id}/skjul-for-foreldre", {"csrf_token": token, "private": "on", "expected": "off"}
        ).status_code
        == 303
    )


def _goal_id(app, text: str) -> int:
    with app.app_context():
        return db.db_session().scalar(select(Goal.id).where(Goal.text == text))


def _draft_keys(app) -> set[tuple[int, int]]:
    with app.app_context():
        return {(d.owner_id, d.author_id) for d in db.db_session().scalars(select(WizardDraft))}


def test_nils_never_reads_saras_unsent_answers_and_she_never_reads_his(app, client):
    _as(app, client, SARA)
    post_step(client, "/hva-er-viktig/viktig", {"important": HERS})
    _as(app, client, NILS, SARA)
    start = _text(client, "/hva-er-viktig")
    assert "Her skriver du ditt eget forslag for Sara Lund." in start
    assert "Fortsett der du var" not in start and "Sist lagret" not in start
    for htmx in (False, True):
        assert HERS not in _text(client, "/hva-er-viktig/viktig", htmx)
    assert post_step(client, "/hva-er-viktig/viktig", {"important": HIS}).status_code == 303
    assert HIS in _text(client, "/hva-er-viktig/viktig") and HERS not in _text(client, "/hva-er-viktig/viktig")
    _as(app, client, SARA)
    mine = _text(client, "/hva-er-viktig/viktig")
    assert HERS in mine and HIS not in mine and "Sist lagret av deg" in mine


def test_a_stale_form_from_nils_is_shown_beside_his_own_answers_not_hers(app, client):
    _as(app, client, SARA)
    post_step(client, "/hva-er-viktig/viktig", {"important": HERS})
    _as(app, client, NILS, SARA)
    post_step(client, "/hva-er-viktig/viktig", {"important": HIS})
    token = client.csrf_token("/hva-er-viktig/viktig")
    conflict = client.post("/hva-er-viktig/viktig", {"csrf_token": token, "version": "0", "important": "Noe annet."})
    assert conflict.status_code == 409
    page = conflict.get_data(as_text=True)
    assert HIS in page and HERS not in page


def test_what_nils_sends_is_his_proposal_and_leaves_his_sent_page_once_sara_hides_it(app, client):
    _as(app, client, NILS, SARA)
    fill_in(client, {"health": HIS})
    assert send(client).status_code == 303
    assert HIS in _text(client, "/hva-er-viktig/sendt")
    _as(app, client, SARA)
    assert HIS in _text(client, "/plan")
    assert "Ingenting er sendt ennå" in _text(client, "/hva-er-viktig/sendt")  # his sending is not her draft's
    _hide(client, _goal_id(app, HIS))
    _as(app, client, NILS, SARA)
    for htmx in (False, True):
        page = _text(client, "/hva-er-viktig/sendt", htmx)
        assert "Sendt til koordinatoren" in page and HIS not in page and "Dette ble sendt" not in page
    assert HIS not in _text(client, "/hva-er-viktig")


def test_nils_does_not_see_what_sara_sent_even_when_her_goal_is_not_hidden(app, client):
    _as(app, client, SARA)
    fill_in(client, {"school": HERS})
    assert send(client).status_code == 303
    _as(app, client, NILS, SARA)
    for htmx in (False, True):
        page = _text(client, "/hva-er-viktig/sendt", htmx)
        assert "Ingenting er sendt ennå" in page and HERS not in page
    start = _text(client, "/hva-er-viktig")
    assert "Svarene ble sendt" not in start and HERS not in start
    assert "Forslag fra Sara Lund" in _text(client, "/plan")  # not hidden: her goal is in the plan he reads


def test_a_verge_and_a_parent_of_a_child_under_12_still_share_the_persons_own_draft(app, client):
    before = _draft_keys(app)  # the demo leaves Kari and Ola their own drafts, started again after sending
    _as(app, client, RANDI, OLA)
    post_step(client, "/hva-er-viktig/viktig", {"important": "Eg vil bu heime."})
    _as(app, client, OLA)
    page = _text(client, "/hva-er-viktig/viktig")
    assert "Eg vil bu heime." in page and "Sist lagret av Randi Berg" in page
    _as(app, client, PER, EMMA)
    post_step(client, "/hva-er-viktig/viktig", {"important": "Jeg vil svømme."})
    with app.app_context():
        s = db.db_session()
        emma, ola = (s.scalar(select(Person.id).where(Person.pid == pid)) for pid in (EMMA, OLA))
    # Randi wrote into Ola's own draft and Per into Emma's: no draft of their own beside them.
    assert _draft_keys(app) == before | {(ola, ola), (emma, emma)}
