"""Qui peut faire quoi dans la consultation : des prédicats purs sur les droits du socle."""

from fonds.collectivites.enums import NATURES_GROUPEMENT
from fonds.comptes.enums import Role
from fonds.comptes.perms import droits


def anime_la_consultation(user) -> bool:
    """Modérer, décider des issues, regrouper, estimer, tenir le calendrier : l'ANCT et les
    administrateurs du fonds."""
    return bool(droits(user).roles & {Role.ANCT, Role.ADMINISTRATEUR})


def est_partenaire(user) -> bool:
    return Role.PARTENAIRE in droits(user).tous_roles


def peut_proposer(user) -> bool:
    """Un membre vérifié d'une collectivité ou un partenaire de la consultation."""
    d = droits(user)
    return bool(d.collectivites) or Role.PARTENAIRE in d.tous_roles


def peut_voter(user, collectivite, tour) -> tuple[bool, str]:
    """Un membre vérifié de la collectivité, qui n'est ni partenaire ni agent ; un groupement
    seulement si le tour le permet. Rend (permis, raison du refus)."""
    d = droits(user)
    if Role.PARTENAIRE in d.tous_roles:
        return False, (
            "Les partenaires proposent et commentent, mais ne votent pas : seules les "
            "collectivités votent."
        )
    if d.est_agent:
        return False, (
            "Les agents de l'État et du fonds ne votent pas : seules les collectivités "
            "votent, par leurs membres vérifiés."
        )
    if collectivite is None or collectivite.pk not in d.collectivites:
        if collectivite is not None and collectivite.pk in d.collectivites_en_attente:
            return False, (
                f"Votre adhésion à {collectivite.nom} n'est pas encore vérifiée : vous "
                "ne votez pas pour elle."
            )
        return False, "Seuls les membres vérifiés d'une collectivité votent pour elle."
    if collectivite.nature in NATURES_GROUPEMENT and not tour.groupements_votent:
        return False, (
            f"Dans ce tour, les groupements ne votent pas en tant que tels : les "
            f"collectivités membres de {collectivite.nom} votent chacune."
        )
    return True, ""
