"""Every form, sent wrong in every field at once, says everything that is wrong in one answer:
422, each field's message in the error summary, named by its field ("Fødselsnummer: …") and linked
to it (a group to its first control), the same message at the field itself, and everything typed
still there. Before, some forms told the rest only after the first were fixed (whole-form checks
ran only when every field had passed, a fullmakt's refusals only after its fields were right), and
two fields refused by the same rule could not be told apart in the summary."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.models import Goal, Person, Plan
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import EMMA, KARI, NILS, PER
from tests.wizard.helpers import post_step

LONG = {letter: letter * 2001 for letter in "abc"}


def over(characters: int, limit: int = 2000) -> str:
    return f"Teksten har {characters} tegn for mye. Du kan skrive opptil {limit} tegn. Alt du skrev, står der fortsatt."


TEXT_TOO_LONG = over(1)


@dataclass
class Case:
    who: str
    page: str  # where the form is shown; the form posts to its own action
    wrong: dict  # every field the form has, each wrong
    said: dict  # the summary link's target id: (the field's name, the message for that field)
    kept: dict = field(default_factory=dict)  # field name: what must still be in it
    acting_for: str | None = None
    before: tuple = ()  # (path, data) posted first so the form is shown at all


def _goal_id(app) -> int:
    with app.app_context():
        return db.db_session().scalar(
            select(Goal.id)
            .join(Plan, Goal.plan_id == Plan.id)
            .join(Person, Person.id == Plan.owner_id)
            .where(Person.pid == KARI)
            .order_by(Goal.text)
        )


def _cases(app, client) -> dict[str, Case]:
    goal = _goal_id(app)
    log_in_test_client(app, client, KARI)
    overview = client.get("/samtykke").get_data(as_text=True)
    meeting_page = client.get("/plan").get_data(as_text=True)
    give = re.search(r'href="(/samtykke/\d+/gi)"', overview).group(1)
    topic = re.search(r'href="(/plan/mote/\d+/tema)"', meeting_page).group(1)
    client.client.delete_cookie("minplan_session")
    return {
        "fullmakt": Case(
            KARI,
            "/fullmakter/ny",
            {"pid": "123", "name": "Randi \u202eBerg", "scopes": ["consent"], "valid_to": "32.13.2030"},
            {
                "field-pid": ("Fødselsnummer", "Fødselsnummeret må ha 11 siffer og være et gyldig fødselsnummer."),
                "field-name": (
                    "Fullt navn",
                    "Navnet har usynlige tegn eller kontrolltegn. Vi har tatt dem bort: se over navnet og send igjen.",
                ),
                "field-scopes-read": ("Hva skal fullmakten gjelde?", "Velg hva fullmakten gjelder."),
                "field-valid_to": (
                    "Siste dag fullmakten gjelder",
                    "Datoen finnes ikke: måneden må være et tall fra 1 til 12.",
                ),
            },
            {"pid": "123", "name": "Randi Berg", "valid_to": "32.13.2030"},
        ),
        # A fullmakt the law does not allow is refused in the same answer as the fields' errors.
        "fullmakt to oneself": Case(
            KARI,
            "/fullmakter/ny",
            {"pid": KARI, "name": "", "scopes": [], "valid_to": "31.02.2027"},
            {
                "field-pid": ("Fødselsnummer", "Du kan ikke gi fullmakt til deg selv."),
                "field-name": ("Fullt navn", "Skriv navnet til den som skal få fullmakt."),
                "field-scopes-read": ("Hva skal fullmakten gjelde?", "Velg hva fullmakten gjelder."),
                "field-valid_to": ("Siste dag fullmakten gjelder", "Datoen finnes ikke: februar 2027 har 28 dager."),
            },
            {"pid": KARI, "valid_to": "31.02.2027"},
        ),
        "fullmakt to a child": Case(
            PER,
            "/fullmakter/ny",
            {"pid": EMMA, "name": "Emma", "scopes": ["read"], "valid_to": "1.1.2020"},
            {
                "field-pid": ("Fødselsnummer", "Den som får fullmakt, må være minst 18 år."),
                "field-valid_to": ("Siste dag fullmakten gjelder", "Sluttdatoen kan ikke være før i dag."),
            },
            {"pid": EMMA, "name": "Emma", "valid_to": "1.1.2020"},
        ),
        # Kari has given Nils a fullmakt to read: a second one to him, on other terms, is refused.
        "fullmakt given twice": Case(
            KARI,
            "/fullmakter/ny",
            {"pid": NILS, "name": "Nils Lund", "scopes": ["contribute", "x"], "valid_to": "24.12.26"},
            {
                "field-pid": (
                    "Fødselsnummer",
                    "Du har allerede gitt denne personen en fullmakt. Trekk den tilbake først hvis du vil endre den.",
                ),
                "field-scopes-read": ("Hva skal fullmakten gjelde?", "Velg hva fullmakten gjelder."),
                "field-valid_to": ("Siste dag fullmakten gjelder", "Skriv året med fire tall, slik: 24.12.2026."),
            },
            {"pid": NILS, "name": "Nils Lund", "valid_to": "24.12.26"},
        ),
        "evaluation": Case(
            KARI,
            f"/plan/mal/{goal}",
            {"rating": "x", "comment": LONG["a"]},
            {
                "rating-good": ("Hvordan går det?", "Velg hvordan det går."),
                "field-comment": ("Vil du si mer?", TEXT_TOO_LONG),
            },
            {"comment": LONG["a"]},
        ),
        "goal words": Case(
            KARI,
            f"/plan/mal/{goal}/endre",
            {"text": " ", "own_resources": LONG["a"], "network_help": LONG["b"], "needs": LONG["c"] + "cc"},
            {
                "field-text": ("Målet", "Skriv hva du vil oppnå."),
                "field-own_resources": ("Klarer selv", TEXT_TOO_LONG),
                "field-network_help": ("Hjelp fra familie og nettverk", TEXT_TOO_LONG),
                "field-needs": ("Trenger hjelp til", over(3)),
            },
            {"own_resources": LONG["a"], "network_help": LONG["b"], "needs": LONG["c"] + "cc"},
        ),
        "topic": Case(
            KARI,
            topic,
            {"topic": "å" * 1001},
            {"field-topic": ("Hva vil du snakke om?", over(1, 1000))},
            {"topic": "å" * 1001},
        ),
        "calendar feed": Case(
            KARI,
            "/plan/kalender",
            {"include": ["x"]},
            {"field-include-measures": ("Hva skal kalenderen vise?", "Velg minst én ting kalenderen skal vise.")},
        ),
        "sharing consent": Case(
            KARI,
            give,
            {
                "areas": ["x"],
                "exclusions": LONG["a"],
                "purpose": "",
                "valid_from": "01.01.2020",
                "valid_to": "31.12.2019",
            },
            {
                "field-areas-health": ("Hvilke opplysninger kan deles?", "Velg bare blant områdene på listen."),
                "field-exclusions": ("Er det noe som ikke skal deles?", TEXT_TOO_LONG),
                "field-purpose": ("Hva skal opplysningene brukes til?", "Skriv hva opplysningene skal brukes til."),
                "field-valid_from": (
                    "Første dag samtykket gjelder",
                    "Samtykket kan ikke gjelde fra en dag som har vært.",
                ),
                "field-valid_to": ("Siste dag samtykket gjelder", "Siste dag kan ikke være før første dag."),
            },
            {"exclusions": LONG["a"], "valid_from": "01.01.2020", "valid_to": "31.12.2019"},
        ),
        "sharing consent, impossible dates": Case(
            KARI,
            give,
            {
                "areas": ["health"],
                "purpose": "Time hos fastlegen",
                "valid_from": "29.02.2027",
                "valid_to": "31.04.2028",
            },
            {
                "field-valid_from": ("Første dag samtykket gjelder", "Datoen finnes ikke: februar 2027 har 28 dager."),
                "field-valid_to": ("Siste dag samtykket gjelder", "Datoen finnes ikke: april 2028 har 30 dager."),
            },
            {"valid_from": "29.02.2027", "valid_to": "31.04.2028"},
        ),
        "plan consent withdrawn for a child": Case(
            PER,
            "/samtykke/plan/trekk-tilbake",
            {"child_view": "x", "child_view_text": LONG["a"]},
            {
                "field-child_view-agrees": ("Barnets mening", "Velg hva barnet mener."),
                "field-child_view_text": ("Hva sa barnet?", TEXT_TOO_LONG),
            },
            {"child_view_text": LONG["a"]},
            acting_for=EMMA,
        ),
        "whom to act for": Case(
            NILS,
            "/hvem-handler-du-for",
            {"subject": "²"},
            {"subject-self": ("Hvem vil du handle for?", "Velg hvem du vil handle for.")},
        ),
        "wizard: important": Case(
            KARI,
            "/hva-er-viktig/viktig",
            {"important": LONG["a"]},
            {"field-important": ("Hva er viktig for deg?", TEXT_TOO_LONG)},
            {"important": LONG["a"]},
        ),
        "wizard: areas": Case(
            KARI,
            "/hva-er-viktig/livsomrader",
            {"areas": ["other", "space-travel"], "other_area": ""},
            {
                "field-areas-health": (
                    "Hvilke deler av livet vil du ha hjelp med?",
                    "Velg blant livsområdene på siden.",
                ),
                "field-other_area": ("Hva er det andre?", "Skriv hva det andre livsområdet er."),
            },
        ),
        "wizard: goal": Case(
            KARI,
            "/hva-er-viktig/mal/health",
            {"text": " \x00 ", "importance": "x"},
            {
                "field-text": ("Hva er målet ditt?", "Skriv målet ditt med egne ord."),
                "field-importance": ("Hvor viktig er dette målet for deg?", "Velg hvor viktig målet er."),
            },
            before=(("/hva-er-viktig/livsomrader", {"areas": ["health"]}),),
        ),
        "wizard: help": Case(
            KARI,
            "/hva-er-viktig/hjelp/health",
            {"own": LONG["a"], "network": LONG["b"], "needs": LONG["c"], "needs_choices": ["x"]},
            {
                "field-own": ("Hva klarer du selv?", TEXT_TOO_LONG),
                "field-network": ("Hvem i familien din eller blant andre du kjenner hjelper deg?", TEXT_TOO_LONG),
                "field-needs": ("Skriv mer om hva du trenger hjelp til (valgfritt)", TEXT_TOO_LONG),
                "field-needs_choices": ("Hva trenger du hjelp til?", "Velg blant valgene på siden."),
            },
            {"own": LONG["a"], "network": LONG["b"], "needs": LONG["c"]},
            before=(
                ("/hva-er-viktig/livsomrader", {"areas": ["health"]}),
                ("/hva-er-viktig/mal/health", {"text": "Jeg vil gå tur."}),
            ),
        ),
        "wizard: participants": Case(
            KARI,
            "/hva-er-viktig/deltakere",
            {"participants": LONG["a"], "trusted_person": "å" * 201},
            {
                "field-participants": ("Hvem vil du ha med i planleggingen?", TEXT_TOO_LONG),
                "field-trusted_person": ("Vil du ta med deg noen du stoler på i møtet? (valgfritt)", over(1, 200)),
            },
            {"participants": LONG["a"], "trusted_person": "å" * 201},
        ),
    }


CASES = [
    "fullmakt",
    "fullmakt to oneself",
    "fullmakt to a child",
    "fullmakt given twice",
    "evaluation",
    "goal words",
    "topic",
    "calendar feed",
    "sharing consent",
    "sharing consent, impossible dates",
    "plan consent withdrawn for a child",
    "whom to act for",
    "wizard: important",
    "wizard: areas",
    "wizard: goal",
    "wizard: help",
    "wizard: participants",
]


def _the_form(html: str, page: str):
    """The form on the page that holds the fields (not the header's language or logout forms)."""
    soup = BeautifulSoup(html, "html.parser")
    forms = [
        f
        for f in soup.find_all("form", method="post")
        if f.find(["textarea"]) or f.find("input", attrs={"type": ["text", "checkbox", "radio"]})
    ]
    forms = [
        f
        for f in forms
        if f.find("input", attrs={"name": "locale"}) is None and f.find("input", attrs={"name": "easy_read"}) is None
    ]
    assert len(forms) == 1, f"{len(forms)} forms with fields on {page}"
    form = forms[0]
    hidden = {i["name"]: i.get("value", "") for i in form.find_all("input", attrs={"type": "hidden"})}
    return form["action"], hidden


def _message_at_field(soup, target_id: str) -> str | None:
    """The message shown with the field the summary link points to (its fieldset or field box)."""
    target = soup.find(id=target_id)
    assert target is not None, f"the summary links to #{target_id}, which is not on the page"
    box = target if target.name == "fieldset" else None
    for parent in target.parents:
        if box is not None:
            break
        if parent.name == "fieldset" or "form-field" in (parent.get("class") or []):
            box = parent
    message = box.find(class_="ds-validation-message") if box is not None else None
    return message.get_text(strip=True) if message is not None else None


def _named(name: str, message: str) -> str:
    """A summary entry: the field's name, then the message ("Fullt navn: Skriv navnet …")."""
    return f"{name} {message}" if name.endswith("?") else f"{name}: {message}"


def _kept(soup, name: str) -> str:
    element = soup.find(["input", "textarea"], attrs={"name": name})
    return element.get_text() if element.name == "textarea" else element.get("value", "")


@pytest.mark.parametrize("name", CASES)
def test_every_error_of_a_form_is_told_at_once_and_everything_typed_is_kept(app, client, name):
    case = _cases(app, client)[name]
    log_in_test_client(app, client, case.who)
    if case.acting_for:
        act_for(app, client, case.who, case.acting_for)
    for path, data in case.before:
        assert post_step(client, path, data).status_code == 303
    page = client.get(case.page)
    assert page.status_code == 200
    action, hidden = _the_form(page.get_data(as_text=True), case.page)

    response = client.post(action, {**hidden, **case.wrong})

    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = soup.find(attrs={"data-error-summary": True})
    links = {a["href"][1:]: a.get_text(" ", strip=True) for a in summary.find_all("a", href=True)}
    assert links == {target: _named(name, message) for target, (name, message) in case.said.items()}
    assert {target: _message_at_field(soup, target) for target in case.said} == {
        target: message for target, (_name, message) in case.said.items()
    }
    assert {name: _kept(soup, name) for name in case.kept} == case.kept
