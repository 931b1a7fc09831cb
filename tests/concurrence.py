"""Ce que partagent les tests de concurrence (vrais fils, PostgreSQL)."""

import pytest
from django.db import connection

SEULEMENT_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite sérialise toute écriture et ignore SELECT … FOR UPDATE : le verrou de "
    "ligne ne se vérifie que sur PostgreSQL (lancer avec DATABASE_URL=postgres://…).",
)
