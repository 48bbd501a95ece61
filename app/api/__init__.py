"""The FHIR R4 API for the municipality's own systems, under /fhir, with Maskinporten tokens."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/fhir")
