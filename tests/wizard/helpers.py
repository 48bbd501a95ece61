"""Going through "Hva er viktig for deg?" with the test client, as a person would."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup


def form_state(client, path: str) -> dict:
    """The CSRF token and draft version the step's form carries."""
    html = client.get(path).get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", attrs={"action": re.compile(r"^/hva-er-viktig")})
    return {
        "csrf_token": form.find("input", attrs={"name": "csrf_token"})["value"],
        "version": form.find("input", attrs={"name": "version"})["value"],
    }


def post_step(client, path: str, data: dict, state: dict | None = None):
    state = state or form_state(client, path)
    return client.post(path, {**state, **data})


def fill_in(client, goals: dict[str, str], important: str = "Å ha det fint hjemme.") -> None:
    """Answer every step up to "Se over" with a goal per life area."""
    assert post_step(client, "/hva-er-viktig/viktig", {"important": important}).status_code == 303
    assert (
        post_step(client, "/hva-er-viktig/livsomrader", {"areas": list(goals), "other_area": "Å kjøre bil"}).status_code
        == 303
    )
    for area, text in goals.items():
        response = post_step(client, f"/hva-er-viktig/mal/{area}", {"text": text, "importance": "very"})
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    for area in goals:
        response = post_step(
            client, f"/hva-er-viktig/hjelp/{area}", {"own": "Jeg kan litt selv.", "needs_choices": ["people"]}
        )
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert (
        post_step(
            client, "/hva-er-viktig/deltakere", {"participants": "Fastlegen", "trusted_person": "Marit"}
        ).status_code
        == 303
    )


def send(client):
    return client.post("/hva-er-viktig/send", form_state(client, "/hva-er-viktig/se-over"))
