"""All models, imported here so Alembic and the app see the whole schema."""
from app.models.base import Base
from app.models.browser_session import BrowserSession
from app.models.municipality import Municipality
from app.models.person import Person

__all__ = ["Base", "BrowserSession", "Municipality", "Person"]
