"""Moteurs d'authentification du portail : ceux de Django et d'allauth, dont `get_user` lit la
personne et ses droits en une seule instruction SQL.

À chaque requête connectée, `AuthenticationMiddleware` relit la personne de la session. Ici,
la même requête rapporte ses adhésions, ses habilitations (et les départements de ses
régions), ses conflits d'intérêts et l'existence de son second facteur
(`User.objects.avec_droits()`) ; `perms.droits(user)` ne coûte ensuite plus rien. Les droits
restent relus dans la base à chaque requête : aucun cache d'une requête à l'autre.
"""

from functools import cache

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import router

from .droits_sql import lire_droits

#: Une clé qu'aucune personne n'a : elle marque, dans la requête compilée, la place de la clé.
_REPERE = -7_301_421


@cache
def _requete_compilee(alias: str) -> tuple[str, tuple, tuple[int, ...]]:
    """La requête de `User.objects.avec_droits()` pour une personne, compilée une fois par
    processus (l'ORM met plus de temps à la construire que la base à l'exécuter) : le SQL, ses
    paramètres et la place de la clé de la personne parmi eux."""
    User = get_user_model()
    requete = User.objects.using(alias).avec_droits().filter(pk=_REPERE).query
    sql, parametres = requete.sql_with_params()
    places = tuple(i for i, valeur in enumerate(parametres) if valeur == _REPERE)
    return sql, parametres, places


def charger_avec_droits(user_id):
    """La personne `user_id` avec ses droits, en une instruction SQL (relue à chaque appel)."""
    User = get_user_model()
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    alias = router.db_for_read(User)
    sql, parametres, places = _requete_compilee(alias)
    parametres = list(parametres)
    for place in places:
        parametres[place] = pk
    return next(iter(User.objects.raw(sql, parametres).using(alias)), None)


class ChargeLesDroits:
    def get_user(self, user_id):
        user = charger_avec_droits(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        user._droits_fonds = lire_droits(user)
        return user


class ModelBackend(ChargeLesDroits, DjangoModelBackend):
    pass


class AuthenticationBackend(ChargeLesDroits, AllauthBackend):
    pass
