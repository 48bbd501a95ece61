"""The one base every form's schema builds on, and the one way a view loads a form.

A form is cleaned before it is checked: text trimmed, control characters dropped (a page cannot
show them back, a database cannot store a NUL), Windows line ends made plain, and a field left
blank treated as missing, so "required" says what to write and a default takes its place. Every
check runs on every form, field by field and across fields, so a refused form reports all of its
errors at once, and everything typed comes back with them."""

from __future__ import annotations

from dataclasses import dataclass, field

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load
from werkzeug.datastructures import MultiDict

from app import easyread
from app.schemas import field_errors, without_control
from app.schemas.fields import Version


class FormSchema(Schema):
    """Whole-form checks (`validates_schema`) must be declared with `skip_on_field_errors=False`
    and look only at the fields that loaded, so they run beside the fields' own checks."""

    class Meta:
        unknown = EXCLUDE  # a field we never offered (a forged one) is ignored, not an error

    @pre_load
    def _as_typed_less_noise(self, data: dict, **_kwargs) -> dict:
        cleaned = {}
        for name, value in data.items():
            if name not in self.fields or value is None:
                continue
            value = cleaned_value(self.fields[name], value)
            if value not in ("", []) or not getattr(self.fields[name], "blank_is_missing", True):  # blank is missing
                cleaned[name] = value
        return cleaned


def cleaned_value(schema_field: fields.Field, value):
    if hasattr(schema_field, "cleaned"):
        return schema_field.cleaned(value)
    if isinstance(value, list):
        return [kept for item in value if (kept := without_control(item).strip())]
    return without_control(value).strip() if isinstance(value, str) else value


def shown_value(schema_field: fields.Field, value):
    if hasattr(schema_field, "shown"):
        return schema_field.shown(value)
    if isinstance(value, list):
        return [without_control(item) for item in value]
    return without_control(value) if isinstance(value, str) else value


@dataclass
class LoadedForm:
    """What a form gave: the loaded `data`, or the `errors` ({field: [message, …]}) for the error
    summary and the fields; `typed` always holds what was typed, as it can be shown again."""

    data: dict | None
    errors: dict[str, list[str]] = field(default_factory=dict)
    typed: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def form_values(schema: Schema, form: MultiDict) -> dict:
    """The schema's fields as the form sent them: every value of a list, the first of any other
    (only lists are meant to repeat)."""
    values = {}
    for name, schema_field in schema.fields.items():
        if name not in form:
            continue
        values[name] = form.getlist(name) if isinstance(schema_field, fields.List) else form.get(name)
    return values


def typed_values(schema: Schema, form: MultiDict, values: dict | None = None) -> dict:
    """What was typed into the schema's fields, all of it, as a page can show it again."""
    values = form_values(schema, form) if values is None else values
    return {
        name: shown_value(schema_field, values[name])
        if name in values
        else []
        if isinstance(schema_field, fields.List)
        else ""
        for name, schema_field in schema.fields.items()
    }


class FieldMessage(str):
    """A message about one field that knows the field's name (`label`), so the error summary can
    say which field it is about: two fields refused by the same rule read differently there."""

    label: str | None

    def __new__(cls, message: str, label: str | None = None):
        made = super().__new__(cls, message)
        made.label = label
        return made


def field_label(schema_field: fields.Field, easy_read: bool = False) -> str | None:
    """The name a field goes by in the error summary: its `label` (a text, or a pair of a
    standard and an easy-read text), as the page shows it."""
    label = schema_field.metadata.get("label")
    if isinstance(label, tuple):
        label = label[1] if easy_read else label[0]
    return None if label is None else str(label)


def named_errors(schema: Schema, errors: dict[str, list[str]], easy_read: bool = False) -> dict[str, list[str]]:
    named = {}
    for name, messages in errors.items():
        label = field_label(schema.fields[name], easy_read) if name in schema.fields else None
        named[name] = [FieldMessage(message, label) for message in messages]
    return named


def load_form(schema: Schema, form: MultiDict) -> LoadedForm:
    """Load a posted form (request.form) with `schema`: the data, or every error at once, each
    message carrying the name of its field for the error summary."""
    values = form_values(schema, form)
    typed = typed_values(schema, form, values)
    try:
        return LoadedForm(schema.load(values), typed=typed)
    except ValidationError as error:
        return LoadedForm(None, errors=named_errors(schema, field_errors(error), easyread.is_on()), typed=typed)


class VersionSchema(FormSchema):
    """A form that changes nothing typed, only carries the version of what it changes."""

    version = Version(required=True)


def form_version(form: MultiDict) -> int | None:
    """The version the form was based on; None when it is missing or forged (never our form)."""
    loaded = load_form(VersionSchema(), form)
    return loaded.data["version"] if loaded.ok else None
