"""Moteurs d'authentification du portail : ceux de Django et d'allauth, dont `get_user` lit la
personne et ses droits en une seule instruction SQL.

À chaque requête connectée, `AuthenticationMiddleware` relit la personne de la session. Ici,
la même requête rapporte ses adhésions, ses habilitations (et les départements de ses
régions), ses conflits d'intérêts et l'existence de son second facteur
(`User.objects.avec_droits()`) ; `perms.droits(user)` ne coûte ensuite plus rien. Les droits
restent relus dans la base à chaque requête : aucun cache d'une requête à l'autre.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .droits_sql import lire_droits


class ChargeLesDroits:
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User.objects.avec_droits().get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        user._droits_fonds = lire_droits(user)
        return user


class ModelBackend(ChargeLesDroits, DjangoModelBackend):
    pass


class AuthenticationBackend(ChargeLesDroits, AllauthBackend):
    pass
