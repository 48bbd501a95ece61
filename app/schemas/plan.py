"""Form input for the plan: how a goal is going, a goal's words, a topic for the next meeting."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.schemas.base import FormSchema
from app.schemas.fields import TOPIC_MAX, Choice, FormToken, Text, Version
from app.services.plans import RATINGS


class EvaluationSchema(FormSchema):
    rating = Choice(
        RATINGS,
        _l("Velg hvordan det går."),
        label=_l("Hvordan går det?"),
        required=True,
        error_messages={"required": _l("Velg hvordan det går.")},
    )
    comment = Text(load_default=None, label=_l("Vil du si mer?"))
    # The page's one-time token: the same form sent twice stores one evaluation.
    form_token = FormToken(load_default=None)


class GoalWordsSchema(FormSchema):
    text = Text(label=_l("Målet"), required=True, error_messages={"required": _l("Skriv hva du vil oppnå.")})
    own_resources = Text(load_default=None, label=_l("Klarer selv"))
    network_help = Text(load_default=None, label=_l("Hjelp fra familie og nettverk"))
    needs = Text(load_default=None, label=_l("Trenger hjelp til"))
    version = Version(minimum=1, required=True)


class TopicSchema(FormSchema):
    topic = Text(
        TOPIC_MAX,
        label=_l("Hva vil du snakke om?"),
        required=True,
        error_messages={"required": _l("Skriv hva du vil snakke om.")},
    )
