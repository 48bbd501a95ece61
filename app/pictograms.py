"""Pictograms for easy-read text: our names → icons from NAV's Aksel icon set (npm, MIT).

`make vendor` copies exactly these files into app/static/vendor/pictograms/.
"""
from __future__ import annotations

PICTOGRAMS: dict[str, str] = {
    "plan": "Tasklist",
    "goal": "Star",
    "person": "Person",
    "people": "PersonGroup",
    "coordinator": "PersonHeadset",
    "office": "Buildings3",
    "meeting": "MeetingLarge",
    "document": "FileText",
    "one-plan": "FileCheckmark",
    "rights": "Gavel",
    "consent": "Handshake",
    "secret": "PadlockLocked",
    "share": "Chat2",
    "phone": "Phone",
    "email": "EnvelopeClosed",
    "letter": "EnvelopeOpen",
    "calendar": "Calendar",
    "clock": "Clock",
    "wait": "Hourglass",
    "question": "QuestionmarkCircle",
    "complaint": "MegaphoneSpeaking",
    "health": "Stethoscope",
    "heart": "Heart",
    "home": "House",
    "work": "Briefcase",
    "school": "HatSchool",
    "leisure": "ParasolBeach",
    "money": "Wallet",
    "transport": "Bus",
    "food": "Cutlery",
    "family": "HouseHeart",
    "help": "HandHeart",
    "trust": "HandShakeHeart",
    "check": "CheckmarkCircle",
    "info": "InformationSquare",
    "evaluate": "ThumbUp",
    "location": "LocationPin",
    "speaker": "SpeakerSoundWave2",
    "easy-read": "OpenBook",
    "language": "Language",
    "write": "PencilWriting",
    "signpost": "HikingTrailSign",
    "child": "FigureChild",
    "guardian": "PersonSuit",
    "privacy": "ShieldLock",
    "accessibility": "Eye",
    "words": "Books",
    "going-well": "FaceSmile",
    "going-so-so": "Face",
    "going-hard": "FaceFrown",
    # "Hva er viktig for deg?": another life area, common needs, and how important a goal is.
    "other": "PlusCircle",
    "shower": "Shower",
    "clean": "Sparkles",
    "walk": "FigureOutward",
    "medicine": "PillRectangle",
    "shopping": "ShoppingBasket",
    "importance-very": "StarFill",
    "importance-some": "Star",
    "importance-little": "Circle",
}


def pictogram_url(name: str) -> str:
    from flask import url_for

    if name not in PICTOGRAMS:
        raise KeyError(f"unknown pictogram {name!r}")
    return url_for("static", filename=f"vendor/pictograms/{name}.svg")
