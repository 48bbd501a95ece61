""" "Hva er viktig for deg?" as steps: their order, which are done, and where to resume.

Pure functions of the draft's answers, so the views, the step list and the tests agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.vocabulary import LIFE_AREAS

# Common needs to choose instead of writing (easy-read, but offered to everyone).
NEED_CHOICES = {
    "eat": "food",
    "wash": "shower",
    "clean": "clean",
    "out": "walk",
    "travel": "transport",
    "money": "money",
    "medicine": "medicine",
    "people": "people",
    "shopping": "shopping",
}
AREA_NEEDS = {
    "health": ("medicine", "travel", "people"),
    "daily-living": ("eat", "wash", "clean", "shopping"),
    "housing": ("clean", "money"),
    "work": ("travel", "people"),
    "school": ("travel", "people"),
    "leisure": ("out", "travel", "people"),
    "family": ("people", "travel"),
    "finances": ("money", "shopping"),
    "transport": ("travel", "out"),
    "other": ("eat", "wash", "out", "people"),
}
IMPORTANCE = ("very", "some", "little")
IMPORTANCE_PICTOGRAMS = {"very": "importance-very", "some": "importance-some", "little": "importance-little"}

IMPORTANT, AREAS, GOALS, HELP, PARTICIPANTS, CHECK = "viktig", "livsomrader", "mal", "hjelp", "deltakere", "se-over"
# First a goal for every chosen area, then for each goal what the person can do, who helps and
# what they need: one page per area for each, so every page asks about one thing.
STEPS = (IMPORTANT, AREAS, GOALS, HELP, PARTICIPANTS, CHECK)
PER_AREA = (GOALS, HELP)


@dataclass(frozen=True)
class StepState:
    key: str
    number: int
    done: bool
    reachable: bool


def chosen_areas(answers: dict) -> list[str]:
    return [area for area in LIFE_AREAS if area in (answers.get("areas") or [])]


def goal_answers(answers: dict, area: str) -> dict:
    return (answers.get("goals") or {}).get(area) or {}


def area_done(answers: dict, area: str) -> bool:
    return bool((goal_answers(answers, area).get("text") or "").strip())


def help_done(answers: dict, area: str) -> bool:
    return bool(goal_answers(answers, area).get("help_saved"))


def missing_goal_areas(answers: dict) -> list[str]:
    return [area for area in chosen_areas(answers) if not area_done(answers, area)]


def is_complete(answers: dict) -> bool:
    """Enough to send: at least one life area, and a goal in the person's words for each."""
    return bool(chosen_areas(answers)) and not missing_goal_areas(answers)


def step_states(answers: dict, furthest: int, sent: bool = False) -> list[StepState]:
    areas = chosen_areas(answers)
    done = {
        IMPORTANT: furthest > 0,  # an optional question: done once the person has moved on
        AREAS: bool(areas),
        GOALS: is_complete(answers),
        HELP: is_complete(answers) and all(help_done(answers, area) for area in areas),
        PARTICIPANTS: furthest > STEPS.index(PARTICIPANTS),
        CHECK: sent,
    }
    reachable = {
        IMPORTANT: True,
        AREAS: True,
        GOALS: bool(areas),
        HELP: is_complete(answers),
        PARTICIPANTS: True,
        CHECK: True,
    }
    return [StepState(key, i + 1, done[key], reachable[key]) for i, key in enumerate(STEPS)]


def may_show(answers: dict, step: str, area: str) -> bool:
    """A goal page for a chosen area; a help page once that area has its goal."""
    if area not in chosen_areas(answers):
        return False
    return step == GOALS or area_done(answers, area)


def resume_target(answers: dict, furthest: int) -> tuple[str, str | None]:
    """Where a person coming back continues: the furthest step reached, or the page still missing."""
    step = STEPS[min(max(furthest, 0), len(STEPS) - 1)]
    areas = chosen_areas(answers)
    if step in (GOALS, HELP, PARTICIPANTS, CHECK) and not areas:
        return AREAS, None
    if step in (GOALS, HELP, PARTICIPANTS, CHECK) and missing_goal_areas(answers):
        return GOALS, missing_goal_areas(answers)[0]
    if step == GOALS:
        return GOALS, areas[0]
    if step == HELP:
        return HELP, next((area for area in areas if not help_done(answers, area)), areas[0])
    return step, None


def after(answers: dict, step: str, area: str) -> tuple[str, str | None]:
    """The page after a goal or help page: the next area's, then help for the first goal, then who takes part."""
    areas = chosen_areas(answers)
    later = areas[areas.index(area) + 1 :] if area in areas else []
    if later:
        return step, later[0]
    return (HELP, areas[0]) if step == GOALS and areas else (PARTICIPANTS, None)


def before(answers: dict, step: str, area: str) -> tuple[str, str | None]:
    areas = chosen_areas(answers)
    earlier = areas[: areas.index(area)] if area in areas else []
    if earlier:
        return step, earlier[-1]
    return (GOALS, areas[-1]) if step == HELP and areas else (AREAS, None)
