"""Every field of every form at its edges, one field at a time with the rest as the form has it:
what a random draw may miss (a version of 2³¹ when the rest of the form is valid) is tried every
run. No answer may be 5xx, a refusal has an error summary that reaches its fields, and a text
too long to be taken is still in its field, all of it."""

from __future__ import annotations

from bs4 import BeautifulSoup
from marshmallow import fields

from tests.hostile_input.attack import check_refusal, checked, current_values, richest
from tests.hostile_input.conftest import visitor
from tests.hostile_input.forms import FORMS

NUMBER_EDGES = ["2147483648", "9223372036854775808", "-1", "0", "²", "１", "9" * 30]
TOO_LONG = "å" * 2001  # past every text's bound
TEXT_EDGES = ["\x00", "a\x8eb\ufffe", TOO_LONG, "\u202e", " "]


def _edges(field: fields.Field | None) -> list[list[str]]:
    if isinstance(field, fields.Integer):
        return [[value] for value in NUMBER_EDGES]
    if isinstance(field, fields.List):
        return [[], ["x"] * 40, *([value] for value in TEXT_EDGES)]
    return [*([value] for value in TEXT_EDGES), ["1", "2"]]  # and given twice


def test_no_form_field_at_its_edges_answers_a_server_error(hostile_app, sites):
    failures = []
    for endpoint in sorted(FORMS):
        who, found = richest(sites, endpoint)
        held = FORMS[endpoint]
        for name in sorted((set(held) | set(found.values)) - {"csrf_token"}):
            client = visitor(hostile_app, who)  # as the form left it: logged in, acting for the same person
            shown = current_values(client, found)
            for edge in _edges(held.get(name)):
                values = shown.copy()
                values.setlist(name, edge)
                attack = f"{endpoint} {name}={[value[:20] for value in edge]!r}"
                try:  # the page checks raise on an invalid page: every form's findings at once
                    response = checked(client, "POST", found.action, values)
                    assert response.status_code < 500, response.status_code
                    if response.status_code == 422:
                        check_refusal(response.get_data(as_text=True), found.action)
                        if edge == [TOO_LONG]:
                            _check_kept(response.get_data(as_text=True), name)
                except AssertionError as error:
                    failures.append(f"{attack}: {str(error)[:300]}")
                    continue
                if response.status_code == 303:  # it was taken: the form has a new version now
                    shown = current_values(client, found)
    assert failures == []


def _check_kept(html: str, name: str) -> None:
    """A text box or area named `name` on the refusal holds everything typed into it: the one the
    refusal marks invalid, where a page has several forms with a field of that name."""
    fields_named = BeautifulSoup(html, "html.parser").find_all(["input", "textarea"], attrs={"name": name})
    marked = [field for field in fields_named if field.get("aria-invalid") == "true"]
    field = (marked or fields_named or [None])[0]
    if field is None or field.get("type") in ("hidden", "radio", "checkbox"):
        return
    shown = field.get_text() if field.name == "textarea" else field.get("value", "")
    kept = len(shown.strip()) if shown.strip() == TOO_LONG[: len(shown.strip())] else 0
    assert kept == len(TOO_LONG), f"{len(TOO_LONG)} characters typed in {name}, {kept} kept"
