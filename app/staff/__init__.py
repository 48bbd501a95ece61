"""The municipality's side: staff log in with their own provider (app/staff/idp.py), into sessions
of their own realm (app/sessions.py), and see what their roles give them (app/domain/staff_access.py).

Set up by app/staff/setup.py. Nothing is imported here, so the policy can read app.staff.current
without pulling in the staff views (which import the policy)."""
