"""Second facteur (TOTP d'allauth) obligatoire pour les administrateurs et les agents qui
engagent de l'argent public (préfectures, ANCT, DINUM).

Une personne concernée qui n'a pas encore activé son application d'authentification est
conduite à la page d'activation, et ne voit rien d'autre du portail tant qu'elle ne l'a pas
fait (la déconnexion et les pages du second facteur restent ouvertes). Réglage :
`DOUBLE_FACTEUR_OBLIGATOIRE` (vrai en production ; faux pour la démonstration et les tests, qui
l'activent là où ils le vérifient).
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import perms
from .enums import Role

ROLES_CONCERNES = frozenset({Role.ADMINISTRATEUR, Role.INSTRUCTEUR, Role.ANCT, Role.DINUM})
CLE_SESSION = "double_facteur_verifie"


def doit_activer_double_facteur(user) -> bool:
    if not user.is_authenticated:
        return False
    if not (user.is_staff or perms.droits(user).tous_roles & ROLES_CONCERNES):
        return False
    a_totp = getattr(user, "_a_totp", None)  # lu avec la personne (`backends.py`)
    if a_totp is not None:
        return not a_totp
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class DoubleFacteurObligatoireMiddleware:
    """Vérifié une fois par session, et seulement pour les vues qui demandent une connexion :
    une vue publique (`login_not_required`) ne lit ni la session ni la personne."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            not getattr(settings, "DOUBLE_FACTEUR_OBLIGATOIRE", False)
            or not getattr(view_func, "login_required", True)
            or not request.user.is_authenticated
            or request.session.get(CLE_SESSION)
            or self._chemin_ouvert(request.path)
        ):
            return None
        if doit_activer_double_facteur(request.user):
            return redirect("mfa_activate_totp")
        request.session[CLE_SESSION] = True
        return None

    @staticmethod
    def _chemin_ouvert(chemin: str) -> bool:
        ouverts = (
            reverse("mfa_index"),  # /comptes/2fa/… : activer, codes de secours
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("portail:sante"),
            settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else f"/{settings.STATIC_URL}",
        )
        return chemin.startswith(ouverts)
