from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.apps import apps
from django.conf import settings

from . import services

PROVIDER_PROCONNECT = "proconnect"


def sur_le_site(url: str) -> str:
    """Une adresse du portail rebâtie sur `SITE_URL` : les liens des e-mails mènent à
    l'adresse publique, quelle que soit celle par laquelle la requête est arrivée."""
    morceaux = urlsplit(url)
    return settings.SITE_URL + morceaux.path + (f"?{morceaux.query}" if morceaux.query else "")


class CompteAdapter(DefaultAccountAdapter):
    """Les e-mails d'allauth passent par Celery comme tous les autres, et leurs liens partent
    de `SITE_URL` comme ceux des notifications."""

    def get_email_confirmation_url(self, request, emailconfirmation):
        return sur_le_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return sur_le_site(super().get_reset_password_from_key_url(key))

    def get_logout_redirect_url(self, request):
        # Connectée par ProConnect, la personne se déconnecte aussi de ProConnect.
        if apps.is_installed("fonds.proconnect"):
            from fonds.proconnect.views import adresse_de_fin_de_session

            adresse = adresse_de_fin_de_session(request)
            if adresse:
                return adresse
        return super().get_logout_redirect_url(request)


class ProConnectAdapter(DefaultSocialAccountAdapter):
    """Connexion ProConnect : le SIRET transmis valide d'emblée l'adhésion à la collectivité.

    L'adhésion est faite à chaque connexion ProConnect, compte nouveau (`save_user`) ou connu
    (`pre_social_login`, une fois le compte retrouvé), car l'agent a pu changer d'employeur.
    """

    def pre_social_login(self, request, sociallogin):
        super().pre_social_login(request, sociallogin)
        if sociallogin.is_existing:
            _adherer(sociallogin)

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        _adherer(sociallogin)
        return user


def _adherer(sociallogin) -> None:
    if sociallogin.account.provider != PROVIDER_PROCONNECT:
        return
    siret = sociallogin.account.extra_data.get("siret", "")
    services.adherer_par_proconnect(user=sociallogin.user, siret=siret)
