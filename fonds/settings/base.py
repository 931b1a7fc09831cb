"""Réglages de production : sûrs par défaut, tout vient de l'environnement.

`dev.py` et `test.py` partent de ce fichier et n'assouplissent que ce qu'il faut.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("La variable d'environnement SECRET_KEY est obligatoire.")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# L'adresse publique du portail : tous les liens des e-mails en partent (notifications,
# confirmation d'adresse, mot de passe oublié). Par défaut, celle de `runserver` du README :
# un lien vers « localhost » ouvrirait une autre session que celle de 127.0.0.1.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "django_filters",
    "csp",
    "simple_history",
    "widget_tweaks",
    "dsfr",
    # Après « dsfr » : ses gabarits de widgets (boutons radio, cases) passent avant ceux de Django.
    "django.forms",
    "fonds.collectivites",
    "fonds.comptes",
    "fonds.portail",
    "fonds.notifications",
    "fonds.dossiers",
    "fonds.financement",
    "consultation",
    "guichet_national",
    "guichets_territoriaux",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fonds.comptes.middleware.ConnexionObligatoireMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "fonds.comptes.double_facteur.DoubleFacteurObligatoireMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Le dernier : la page 400 qu'il rend a l'utilisateur, la session et le nonce CSP.
    "fonds.portail.requetes.RefuserCaracteresNuls",
]

ROOT_URLCONF = "fonds.urls"
WSGI_APPLICATION = "fonds.wsgi.application"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
DSFR_MARK_OPTIONAL_FIELDS = True  # le DSFR signale les champs facultatifs

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fonds.portail.context_processors.portail",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Requêtes préparées (psycopg 3) : paramètres liés par le serveur, et une requête vue
    # `DATABASE_PREPARE_THRESHOLD` fois sur une connexion persistante y est préparée :
    # PostgreSQL ne replanifie plus les requêtes de chaque page (session, personne, droits,
    # listes). Django laisse `prepare_threshold` à None (rien n'est préparé) s'il n'est pas
    # donné, et un curseur à liaison côté client ne prépare jamais : les deux vont ensemble.
    # `DATABASE_PREPARED_STATEMENTS=false` derrière un pgbouncer en mode transaction ancien.
    _preparees = env_bool("DATABASE_PREPARED_STATEMENTS", True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=_preparees,
        prepare_threshold=int(env("DATABASE_PREPARE_THRESHOLD", "2")) if _preparees else None,
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Pas de connexions persistantes sur SQLite (fichier local, threads de test).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "fonds.cache_redis.CacheRedis",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "fonds"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions lues dans Redis (une requête SQL de moins par page), écrites aussi en base pour
# survivre à un redémarrage de Redis.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "comptes.User"
# Ceux de Django et d'allauth, dont `get_user` charge aussi les droits (une requête SQL).
AUTHENTICATION_BACKENDS = [
    "fonds.comptes.backends.ModelBackend",
    "fonds.comptes.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portail:mon_espace"
LOGOUT_REDIRECT_URL = "portail:accueil"

# django-allauth : connexion par e-mail, adresse vérifiée obligatoirement.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Fonds numérique des territoires] "
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Champs ajoutés au formulaire d'inscription d'allauth (prénom, nom), avant les siens.
ACCOUNT_SIGNUP_FORM_CLASS = "fonds.comptes.forms.InscriptionForm"
ACCOUNT_ADAPTER = "fonds.comptes.adapters.CompteAdapter"
SOCIALACCOUNT_ADAPTER = "fonds.comptes.adapters.ProConnectAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/h/ip,5/h/key",
}
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS = {}
# ProConnect, la fédération d'identité des agents publics : un fournisseur allauth à nous
# (`fonds.proconnect`), installé seulement quand le service est inscrit auprès de ProConnect.
PROCONNECT_CLIENT_ID = env("PROCONNECT_CLIENT_ID")
PROCONNECT_SERVER_URL = env(
    "PROCONNECT_SERVER_URL",
    "https://auth.proconnect.gouv.fr/api/v2/.well-known/openid-configuration",
)
if PROCONNECT_CLIENT_ID:
    INSTALLED_APPS.append("fonds.proconnect")
    SOCIALACCOUNT_PROVIDERS["proconnect"] = {
        "APPS": [
            {
                "provider_id": "proconnect",
                "name": "ProConnect",
                "client_id": PROCONNECT_CLIENT_ID,
                "secret": env("PROCONNECT_CLIENT_SECRET", ""),
                "settings": {
                    "server_url": PROCONNECT_SERVER_URL,
                    # Algorithme de signature choisi à l'inscription : RS256, ES256 ou HS256.
                    "algorithme": env("PROCONNECT_ALGORITHME", "RS256"),
                },
            }
        ],
    }

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mails : toujours par le système de courrier de Django, envoyés par Celery.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL",
    "Fonds numérique des territoires <ne-pas-repondre@fonds-numerique.gouv.fr>",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery : sans REDIS_URL, les tâches s'exécutent immédiatement (premier lancement, tests).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Sécurité (liste de contrôle de déploiement de Django).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Politique de sécurité du contenu : aucun script sans le nonce de la page (le DSFR le reçoit).
_FORM_ACTION = [SELF]
if PROCONNECT_CLIENT_ID:
    # Les formulaires de connexion et de déconnexion redirigent vers ProConnect.
    _FORM_ACTION.append(
        env(
            "PROCONNECT_FORM_ACTION",
            "{0.scheme}://{0.netloc}".format(urlsplit(PROCONNECT_SERVER_URL)),
        )
    )
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": _FORM_ACTION,
    }
}
# Second facteur obligatoire pour les administrateurs et les agents qui engagent de l'argent.
DOUBLE_FACTEUR_OBLIGATOIRE = env_bool("DOUBLE_FACTEUR_OBLIGATOIRE", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Fonds numérique des territoires"
# Derrière un mandataire inverse (nginx, répartiteur), l'adresse du client pour les limites
# d'essais de connexion vient de X-Forwarded-For : nombre de mandataires de confiance.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ADMIN_URL = env("ADMIN_URL", "gestion-interne/").strip("/") + "/"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# Les champs d'un envoi (hors fichiers, bornés à part) : assez pour qu'un texte trop long
# atteigne son formulaire et y revienne avec un message près du champ, la saisie gardée
# (fonds/forms.py borne chaque texte) ; au-delà, la page 400 en français le dit.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(16 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Un refus d'accès (403) est journalisé une fois, en une ligne, par « fonds.securite » :
    # pas une seconde fois, avec toute la pile, par « django.request ».
    "filters": {"sans_refus_d_acces": {"()": "fonds.comptes.journal.SansRefusDAcces"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["sans_refus_d_acces"]},
        # Connexions, échecs de connexion, déconnexions, refus d'accès (fonds/comptes/journal.py).
        "fonds.securite": {"level": "INFO"},
    },
}

# Registre des collectivités livré avec le projet.
REGISTRE_FICHIER = BASE_DIR / "fonds" / "collectivites" / "data" / "registre.json.gz"

# Pièces jointes des dossiers : hors de MEDIA_ROOT et de toute adresse publique.
PIECES_JOINTES_ROOT = Path(env("PIECES_JOINTES_ROOT", str(BASE_DIR / "pieces-jointes")))
PIECES_JOINTES_TAILLE_MAX = int(env("PIECES_JOINTES_TAILLE_MAX", str(20 * 1024 * 1024)))
FILE_UPLOAD_PERMISSIONS = 0o640
# Antivirus : clamd seulement s'il est configuré ; sinon les pièces sont « non analysées ».
CLAMD_SOCKET = env("CLAMD_SOCKET")
CLAMD_HOST = env("CLAMD_HOST")
CLAMD_PORT = int(env("CLAMD_PORT", "3310"))
ANTIVIRUS_BACKEND = env(
    "ANTIVIRUS_BACKEND",
    "fonds.dossiers.antivirus.Clamd"
    if (CLAMD_SOCKET or CLAMD_HOST)
    else "fonds.dossiers.antivirus.SansAntivirus",
)
# Rappels : jours avant la clôture d'un guichet ; délai avant l'échéance des compléments.
RAPPEL_CLOTURE_JOURS = [7, 1]
RAPPEL_COMPLEMENTS_JOURS = 3
