"""A 12–15-year-old keeps a message to her coordinator from her parents: her father never sees it
or the coordinator's answer to it, not in the conversation, not in the counts on Min side, not in
the access log. What she sends without hiding it, he sees."""

from __future__ import annotations

from tests.auth.sessions import act_for, log_in_test_client
from tests.messages.helpers import appoint_for_sara, messages_of, plan_id, post
from tests.people import NILS, SARA
from tests.staff.sessions import log_in_staff

SECRET = "Jeg vil snakke om noe hjemme uten at pappa vet det."
ANSWER = "Takk for at du sier det. Vi kan snakke på skolen i morgen."
OPEN = "Kan vi ha møtet etter skolen?"


def test_a_private_message_and_its_answer_are_kept_from_her_father(app, client):
    coordinator = appoint_for_sara(app, SARA)
    log_in_test_client(app, client, SARA)
    assert "Skjul meldingen for foreldrene mine" in client.get("/meldinger").get_data(as_text=True)
    assert post(client, "/meldinger", text=SECRET, private="on").status_code == 303
    assert post(client, "/meldinger", text=OPEN).status_code == 303
    secret, shown = messages_of(app, SARA)
    assert secret.private_from_parents and not shown.private_from_parents

    log_in_staff(app, client, coordinator)
    staff_page = f"/ansatt/planer/{plan_id(app, SARA)}/meldinger"
    page = client.get(staff_page).get_data(as_text=True)
    assert SECRET in page and OPEN in page and f"svar={secret.id}" in page
    assert post(client, staff_page, text=ANSWER, reply_to=str(secret.id)).status_code == 303
    assert post(client, staff_page, text="Ja, klokka tre.").status_code == 303
    answer, open_answer = messages_of(app, SARA)[2:]
    assert answer.private_from_parents and not open_answer.private_from_parents

    act_for(app, client, NILS, SARA)
    my_page = client.get("/min-side").get_data(as_text=True)
    assert "Du har 2 nye meldinger." in my_page  # hers and the answer he may see, not the private two
    page = client.get("/meldinger")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and OPEN in html and "Ja, klokka tre." in html
    assert SECRET not in html and ANSWER not in html and "Skjul meldingen" not in html
    log = client.get("/tilgangslogg").get_data(as_text=True)
    assert log.count("sendte en melding til koordinatoren") == 1  # her open one
    assert log.count("sendte en melding til Sara Lund") == 1  # the open answer
    assert log.count("leste en melding fra Sara Lund") == 1
    # Withdrawing her secret message is not his to try: it is 404 like any message not his.
    assert post(client, f"/meldinger/{secret.id}/trekk-tilbake").status_code == 404

    log_in_test_client(app, client, SARA)
    html = client.get("/meldinger").get_data(as_text=True)
    assert SECRET in html and ANSWER in html and "Bare du og koordinatoren ser denne meldingen." in html
