"""The case pages as a person reads them: the page checks in every language and mode, and
easy-read that scores LIX ≤ 25 with one sentence a line, with the KE's handling simulated."""

from __future__ import annotations

import pytest

from app.domain import clock
from app.domain.cases import Kind, Step
from app.models.base import utcnow
from tests.account.test_cases import handle, make_case
from tests.auth.sessions import log_in_test_client
from tests.pages import LOCALES
from tests.people import KARI


def _post(client, path: str, data: dict):
    return client.post(path, {**data, "csrf_token": client.csrf_token(path)})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_the_case_pages_pass_the_page_checks(app, client, locale, easy_read):
    case_id = make_case(app, KARI, Kind.COMPLAINT, complaint_reason="no_plan", complaint_text="Ord")
    handle(
        app,
        case_id,
        status="forwarded",
        decision="forwarded",
        decision_reason="Vi mener planen fungerer.",
        interim_answer="Det tar tid.",
        interim_expected_by=clock.today(),
        interim_sent_at=utcnow(),
        coordinator_id=True,
        steps=list(Step),
    )
    request_id = make_case(app, KARI)
    log_in_test_client(app, client, KARI, locale=locale, easy_read=easy_read)
    pages = [client.get_page("account.case", case_id=case_id), client.get_page("account.case", case_id=request_id)]
    pages += [client.get_page("account.cases"), client.get_page("account.my_page")]
    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    for page in pages:
        assert ('class="easy-read"' in page.get_data(as_text=True)) == easy_read


@pytest.mark.parametrize("locale", ["nb", "nn"])
def test_the_case_and_complaint_pages_are_easy_to_read(app, client, locale):
    """LIX ≤ 25 and one sentence a line in easy-read, the data (names, what people wrote) set aside."""
    from app.readability import EASY_READ_MAX, lix
    from tests.test_page_readability import _TWO_SENTENCES, data_of_the_plans, lines_of_main, without

    typed = {"reason": "not_taking_part", "happened": "Ord fra meg.", "wanted": "Mer ord."}
    case_id = make_case(app, KARI, Kind.COMPLAINT, complaint_reason="no_plan", complaint_text="Ord")
    handle(
        app,
        case_id,
        status="decided",
        decision="forwarded",
        decision_reason="Vi mener planen virker.",
        interim_answer="Det tar tid.",
        interim_expected_by=clock.today(),
        interim_sent_at=utcnow(),
        coordinator_id=True,
        steps=list(Step),
    )
    request_id = make_case(app, KARI)
    handle(app, request_id, status="decided", decision="coordinator_only", decided_at=utcnow(), steps=[Step.DECIDED])
    data = data_of_the_plans(app) + ["Hilde Brekke", "Mona Fjeld", "Vi mener planen virker.", "Det tar tid."]
    data += list(typed.values())
    log_in_test_client(app, client, KARI, locale=locale, easy_read=True)
    scores, crowded = {}, {}

    def read(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, path
        lines = without(data, lines_of_main(response.get_data(as_text=True)))
        scores[path] = round(lix("\n\n".join(lines)), 1)
        crowded[path] = [line for line in lines if _TWO_SENTENCES.search(line)]

    for path in [
        f"/min-side/saker/{case_id}",
        f"/min-side/saker/{request_id}",
        "/min-side/saker",
        "/min-side",
        "/klage",
    ]:
        read(path)
    assert _post(client, "/klage", typed).status_code == 303
    read("/klage/se-over")
    assert _post(client, "/klage/send", typed).status_code == 303
    read("/klage/sendt")
    assert {path: score for path, score in scores.items() if score > EASY_READ_MAX} == {}
    assert {path: lines for path, lines in crowded.items() if lines} == {}
