"""Les réglages de production passent la liste de contrôle de déploiement de Django."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent


def test_check_deploy_sans_remarque_en_production():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DEBUG", "SECURE_", "SESSION_", "CSRF_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="fonds.settings.base",
        SECRET_KEY="une-cle-de-production-longue-et-aleatoire-" + "x" * 40,
        ALLOWED_HOSTS="fonds-numerique.example.gouv.fr",
    )
    resultat = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout


def test_la_production_refuse_de_demarrer_sans_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "fonds.settings.base"
    resultat = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultat.returncode != 0
    assert "SECRET_KEY est obligatoire" in resultat.stderr


@pytest.mark.django_db
def test_requetes_preparees_sur_postgresql():
    """Sur PostgreSQL, une requête répétée sur la connexion est préparée (psycopg 3) : liaison
    côté serveur et seuil de préparation donnés ensemble."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Requêtes préparées : PostgreSQL seulement (psycopg 3).")
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 2
    with connection.cursor() as curseur:
        for _ in range(3):
            curseur.execute("SELECT %s::int + 1", [1])
        curseur.execute("SELECT count(*) FROM pg_prepared_statements")
        assert curseur.fetchone()[0] >= 1
