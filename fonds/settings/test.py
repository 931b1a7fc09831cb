"""Réglages des tests : SQLite par défaut, PostgreSQL et Redis quand DATABASE_URL / REDIS_URL."""

import os

os.environ.setdefault("SECRET_KEY", "tests-seulement")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from .base import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Les tests exécutent les tâches immédiatement, même avec un broker disponible.
CELERY_TASK_ALWAYS_EAGER = True
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"tests-{os.getpid()}"  # noqa: F405
ACCOUNT_RATE_LIMITS = False
MEDIA_ROOT = BASE_DIR / "media-tests"  # noqa: F405
# Le fournisseur ProConnect est installé pour que ses adresses existent ; il reste inactif tant
# qu'un test ne le configure pas (SOCIALACCOUNT_PROVIDERS), comme sans PROCONNECT_CLIENT_ID.
if "fonds.proconnect" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("fonds.proconnect")  # noqa: F405
ANTIVIRUS_BACKEND = "fonds.dossiers.antivirus.FauxAntivirus"
PIECES_JOINTES_ROOT = BASE_DIR / "pieces-jointes-tests"  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Une base de test par copie de travail : deux branches qui testent en même temps sur le
    # même serveur ne se partagent pas (et ne se vident pas) la même base.
    _copie = "".join(c if c.isalnum() else "_" for c in BASE_DIR.name.lower())  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = (  # noqa: F405
        f"test_{DATABASES['default']['NAME']}_{_copie}"  # noqa: F405
    )

# Activé seulement par les tests qui le vérifient (tests/comptes/test_double_facteur.py).
DOUBLE_FACTEUR_OBLIGATOIRE = False
