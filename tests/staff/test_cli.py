"""`flask staff grant|revoke|list`: the first KE officer of a municipality, from the command line."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.models import StaffRole
from tests.staff.sessions import ASKOY_OFFICER, LUSTER_COORDINATOR, NO_ROLE, staff_member_id

NO_ROLE_EMAIL = "eirik.dahl@askoy.kommune.test"


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["staff", *args])


def _roles(app, username: str) -> list[tuple[str, str, int | None]]:
    member_id = staff_member_id(app, username)
    with app.app_context():
        rows = db.db_session().scalars(
            select(StaffRole).where(StaffRole.staff_member_id == member_id, StaffRole.revoked_at.is_(None))
        )
        return sorted((r.municipality.slug, r.role, r.granted_by_id) for r in rows)


def test_grant_gives_a_staff_member_who_has_logged_in_a_role(app):
    result = _run(app, "grant", "--email", NO_ROLE_EMAIL, "--municipality", "askoy", "--role", "ke_officer")
    assert result.exit_code == 0, result.output
    assert "Eirik Dahl" in result.output and "ke_officer" in result.output
    assert _roles(app, NO_ROLE) == [("askoy", "ke_officer", None)]  # None: granted by the command line


def test_the_address_is_matched_whatever_its_case(app):
    result = _run(
        app, "grant", "--email", " Eirik.Dahl@ASKOY.kommune.test", "--municipality", "luster", "--role", "coordinator"
    )
    assert result.exit_code == 0, result.output
    assert _roles(app, NO_ROLE) == [("luster", "coordinator", None)]


def test_granting_a_role_held_already_says_so_and_succeeds(app):
    args = ("grant", "--email", "hilde.brekke@askoy.kommune.test", "--municipality", "askoy", "--role", "ke_officer")
    before = _roles(app, ASKOY_OFFICER)
    result = _run(app, *args)
    assert result.exit_code == 0, result.output
    assert "already" in result.output
    assert _roles(app, ASKOY_OFFICER) == before


def test_someone_who_never_logged_in_is_not_found_and_told_what_to_do(app):
    result = _run(
        app, "grant", "--email", "ny.ansatt@askoy.kommune.test", "--municipality", "askoy", "--role", "ke_officer"
    )
    assert result.exit_code != 0
    assert "has logged in to Min plan yet" in result.output and "log in once" in result.output


def test_an_unknown_municipality_or_role_is_refused(app):
    result = _run(app, "grant", "--email", NO_ROLE_EMAIL, "--municipality", "atlantis", "--role", "ke_officer")
    assert result.exit_code != 0 and "atlantis" in result.output
    result = _run(app, "grant", "--email", NO_ROLE_EMAIL, "--municipality", "askoy", "--role", "admin")
    assert result.exit_code != 0
    assert _roles(app, NO_ROLE) == []


def test_revoke_ends_the_role_and_list_no_longer_shows_it(app):
    email = "ingrid.myklebust@luster.kommune.test"
    assert "Ingrid Myklebust" in _run(app, "list", "--municipality", "luster").output
    result = _run(app, "revoke", "--email", email, "--municipality", "luster", "--role", "coordinator")
    assert result.exit_code == 0, result.output
    assert _roles(app, LUSTER_COORDINATOR) == []
    assert "Ingrid Myklebust" not in _run(app, "list", "--municipality", "luster").output
    again = _run(app, "revoke", "--email", email, "--municipality", "luster", "--role", "coordinator")
    assert again.exit_code == 0 and "does not hold" in again.output


def test_list_names_who_holds_which_role_and_who_granted_it(app):
    result = _run(app, "list", "--municipality", "askoy")
    assert result.exit_code == 0, result.output
    assert "Hilde Brekke <hilde.brekke@askoy.kommune.test>  ke_officer" in result.output
    assert "Line Haugland" in result.output and "Eirik Dahl" not in result.output
