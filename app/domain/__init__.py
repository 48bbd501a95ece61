"""The domain: who a person is, what the law lets them do for themselves and for others, and
what day it is in Norway. Plain Python: nothing here imports Flask, so a command, a job or a
test can use it without a request (a test fails if anything here does)."""

from __future__ import annotations

from app.domain.actor import Actor
from app.domain.capabilities import Capability
from app.domain.clock import OSLO, today

__all__ = ["OSLO", "Actor", "Capability", "today"]
