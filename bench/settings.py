"""Réglages du banc de charge (`bench/charge.py`) : ceux de la production, servis en HTTP sur
127.0.0.1, avec la vue plancher de `bench/urls.py`. Jamais utilisés par le portail."""

import os

os.environ.setdefault("SECRET_KEY", "banc-de-charge-seulement")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_fonds")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CACHE_KEY_PREFIX", "bench")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from fonds.settings.base import *  # noqa: E402,F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "bench" / ".donnees" / "static"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "bench" / ".donnees" / "media"  # noqa: F405
PIECES_JOINTES_ROOT = BASE_DIR / "bench" / ".donnees" / "pieces-jointes"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
