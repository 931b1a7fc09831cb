"""Qui peut modifier le registre des collectivités."""

from fonds.comptes.enums import Role
from fonds.comptes.perms import droits


def peut_gerer_groupements(user) -> bool:
    """Créer un groupement et modifier ses membres : administrateurs du fonds et ANCT."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or bool(droits(user).roles & {Role.ADMINISTRATEUR, Role.ANCT})
