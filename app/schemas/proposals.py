"""What the coordinator sends when answering the person's proposals: the version of the goal as it
was read, the agreed words (and life area) when they are changed, the reason for "not now", the
answer to a topic."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.domain.vocabulary import LIFE_AREAS
from app.schemas.base import FormSchema
from app.schemas.fields import Choice, Text, Version
from app.services.proposals import ANSWER_MAX, REASON_MAX


class GoalVersionSchema(FormSchema):
    version = Version(minimum=1, required=True)


class AgreeChangedSchema(GoalVersionSchema):
    text = Text(
        label=_l("Det dere ble enige om"),
        required=True,
        error_messages={"required": _l("Skriv målet slik dere ble enige om det.")},
    )
    life_area = Choice(LIFE_AREAS, _l("Velg et livsområde fra listen."), label=_l("Livsområde"), load_default=None)


class NotNowSchema(GoalVersionSchema):
    reason = Text(
        REASON_MAX,
        label=_l("Hvorfor ikke nå?"),
        required=True,
        error_messages={"required": _l("Skriv hvorfor, med enkle ord som personen forstår.")},
    )


class TopicAnswerSchema(FormSchema):
    answer = Text(
        ANSWER_MAX,
        label=_l("Svar"),
        required=True,
        error_messages={"required": _l("Skriv svaret til personen.")},
    )


class TopicTakenSchema(FormSchema):
    """Taking a topic onto the agenda: nothing typed, the button says it all."""
