"""The portal's roles. Each is a Django group; the groups and their permissions are created
by a migration (performance/migrations/0002_roles.py) so every database has them."""

OFFICER = "CSP officer"
ADMINISTRATOR = "Plan administrator"
PARTNER = "Partner"

ALL = (OFFICER, ADMINISTRATOR, PARTNER)
