from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class CompteAdapter(DefaultAccountAdapter):
    """Les e-mails d'allauth passent par Celery comme tous les autres."""


class ProConnectAdapter(DefaultSocialAccountAdapter):
    """Connexion ProConnect (complétée par le fournisseur ProConnect)."""
