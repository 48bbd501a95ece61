"""Form input for the plan: how a goal is going, a goal's words, a topic for the next meeting."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.schemas.base import FormSchema
from app.schemas.fields import TEXT_MAX, Choice, Text, Version
from app.services.plans import RATINGS

# A topic is a line or two on a meeting's agenda, not an essay.
TOPIC_MAX = 1000


class EvaluationSchema(FormSchema):
    rating = Choice(
        RATINGS, _l("Velg hvordan det går."), required=True, error_messages={"required": _l("Velg hvordan det går.")}
    )
    comment = Text(
        load_default=None, too_long=_l("Kommentaren kan ha høyst %(max)s tegn. Nå er den for lang.", max=TEXT_MAX)
    )


class GoalWordsSchema(FormSchema):
    text = Text(required=True, error_messages={"required": _l("Skriv hva du vil oppnå.")})
    own_resources = Text(load_default=None)
    network_help = Text(load_default=None)
    needs = Text(load_default=None)
    version = Version(minimum=1, required=True)


class TopicSchema(FormSchema):
    topic = Text(
        TOPIC_MAX,
        _l("Teksten kan ha høyst %(max)s tegn. Nå er den for lang.", max=TOPIC_MAX),
        required=True,
        error_messages={"required": _l("Skriv hva du vil snakke om.")},
    )
