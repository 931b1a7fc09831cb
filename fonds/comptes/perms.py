"""Qui peut faire quoi, sur quel objet : le seul endroit où le portail en décide.

Chaque vue passe par ces prédicats. Les droits d'une personne (ses adhésions validées, ses
habilitations) sont lus une fois par requête (`droits(user)`, deux requêtes SQL) puis
réutilisés, pour que le nombre de requêtes d'une page ne dépende pas de ce qu'elle affiche.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from fonds.collectivites.models import Collectivite, Departement

from .enums import Role, StatutAdhesion


@dataclass(frozen=True)
class Droits:
    collectivites: frozenset[int] = frozenset()
    collectivites_en_attente: frozenset[int] = frozenset()
    roles: frozenset[str] = frozenset()
    regions: frozenset[int] = frozenset()
    departements: frozenset[int] = field(default_factory=frozenset)

    @property
    def est_agent(self) -> bool:
        return bool(self.roles - {Role.PARTENAIRE})


AUCUN_DROIT = Droits()


def droits(user) -> Droits:
    """Les droits de `user`, calculés une fois et gardés sur l'objet pour la requête."""
    if user is None or not user.is_authenticated or not user.is_active:
        return AUCUN_DROIT
    cached = getattr(user, "_droits_fonds", None)
    if cached is not None:
        return cached
    membres, en_attente = set(), set()
    for collectivite_id, statut in user.adhesions.filter(
        statut__in=[StatutAdhesion.VALIDEE, StatutAdhesion.EN_ATTENTE]
    ).values_list("collectivite_id", "statut"):
        (membres if statut == StatutAdhesion.VALIDEE else en_attente).add(collectivite_id)
    roles, regions, departements = set(), set(), set()
    for role, region_id, departement_id in user.habilitations.actives().values_list(
        "role", "region_id", "departement_id"
    ):
        roles.add(role)
        if region_id:
            regions.add(region_id)
        if departement_id:
            departements.add(departement_id)
    if regions:
        # Une préfecture de région couvre aussi les départements de sa région.
        departements |= set(
            Departement.objects.filter(region_id__in=regions).values_list("id", flat=True)
        )
    if user.is_superuser:
        roles.add(Role.ADMINISTRATEUR)
    resultat = Droits(
        collectivites=frozenset(membres),
        collectivites_en_attente=frozenset(en_attente),
        roles=frozenset(roles),
        regions=frozenset(regions),
        departements=frozenset(departements),
    )
    user._droits_fonds = resultat
    return resultat


def oublier_droits(user) -> None:
    """À appeler après un changement d'adhésion ou d'habilitation dans la même requête."""
    if hasattr(user, "_droits_fonds"):
        del user._droits_fonds


def a_role(user, role: Role) -> bool:
    return role in droits(user).roles


def est_administrateur(user) -> bool:
    return a_role(user, Role.ADMINISTRATEUR)


def est_agent(user) -> bool:
    return droits(user).est_agent


def est_membre(user, collectivite: Collectivite) -> bool:
    return collectivite.pk in droits(user).collectivites


def peut_agir_pour(user, collectivite: Collectivite) -> bool:
    """Déposer, voter, signer pour une collectivité : seulement ses membres vérifiés."""
    return est_membre(user, collectivite)


def couvre_territoire(user, collectivite: Collectivite) -> bool:
    """La préfecture (région ou département) de `user` couvre-t-elle cette collectivité ?"""
    d = droits(user)
    if Role.INSTRUCTEUR not in d.roles:
        return False
    if collectivite.departement_id:
        return collectivite.departement_id in d.departements
    return collectivite.region_id is not None and collectivite.region_id in d.regions


def peut_decider_adhesion(user, adhesion) -> bool:
    """Valider ou refuser une demande d'adhésion : un membre vérifié de la collectivité
    (pas la personne elle-même), un administrateur, ou la préfecture du territoire."""
    if adhesion.user_id == getattr(user, "pk", None):
        return False
    collectivite = adhesion.collectivite
    return (
        est_membre(user, collectivite)
        or est_administrateur(user)
        or couvre_territoire(user, collectivite)
    )


def peut_voir_adhesion(user, adhesion) -> bool:
    return adhesion.user_id == getattr(user, "pk", None) or peut_decider_adhesion(user, adhesion)


def exiger(
    condition: bool, message: str = "Vous n'avez pas le droit de faire cette action."
) -> None:
    """Lève `PermissionDenied` avec un message en français si `condition` est fausse."""
    if not condition:
        raise PermissionDenied(message)


def peut_gerer_groupements(user) -> bool:
    """Créer un groupement et modifier ses membres : administrateurs du fonds et ANCT."""
    return bool(droits(user).roles & {Role.ADMINISTRATEUR, Role.ANCT})


# Guichets et dossiers ----------------------------------------------------------------------
# Un dossier appartient à sa collectivité : tout membre vérifié le complète et le dépose.
# Les agents du guichet (rôle et territoire du guichet) l'instruisent une fois déposé ;
# un brouillon n'est visible que de la collectivité.


def peut_instruire_guichet(user, guichet) -> bool:
    """Le rôle que demande le guichet et, en préfecture, son territoire ; ou administrateur."""
    d = droits(user)
    if Role.ADMINISTRATEUR in d.roles:
        return True
    if guichet.role_instructeur not in d.roles:
        return False
    if guichet.role_instructeur != Role.INSTRUCTEUR:
        return True
    if guichet.departement_id:
        return guichet.departement_id in d.departements
    return guichet.region_id is not None and guichet.region_id in d.regions


def peut_instruire(user, dossier) -> bool:
    from fonds.dossiers.enums import ETATS_VISIBLES_AGENTS

    return dossier.etat in ETATS_VISIBLES_AGENTS and peut_instruire_guichet(user, dossier.guichet)


def peut_voir_dossier(user, dossier) -> bool:
    return est_membre(user, dossier.collectivite) or peut_instruire(user, dossier)


def peut_modifier_dossier(user, dossier) -> bool:
    """Un brouillon, ou un dossier déposé dont l'agent attend des compléments ; jamais après
    le début de l'instruction."""
    from fonds.dossiers.enums import Etat

    modifiable = dossier.etat == Etat.BROUILLON or (
        dossier.etat == Etat.DEPOSE and dossier.complements_demandes
    )
    return modifiable and est_membre(user, dossier.collectivite)


def peut_voir_annotations(user, dossier) -> bool:
    """Les annotations privées : les agents qui instruisent, jamais la collectivité."""
    return peut_instruire(user, dossier)


def peut_ecrire_message(user, dossier) -> bool:
    from fonds.dossiers.enums import Etat

    return dossier.etat != Etat.BROUILLON and peut_voir_dossier(user, dossier)


# --- Financement : enveloppes, subventions, conventions, versements -------------------------


def _couvre_axe(user, axe: str, region_id=None, departement_id=None) -> bool:
    """L'agent gère-t-il cet axe (et, pour l'axe 3, ce territoire) ?"""
    from fonds.financement.enums import Axe

    d = droits(user)
    if Role.ADMINISTRATEUR in d.roles:
        return True
    if axe == Axe.AXE_1:
        return Role.ANCT in d.roles
    if axe == Axe.AXE_2:
        return Role.DINUM in d.roles
    if axe == Axe.AXE_3 and Role.INSTRUCTEUR in d.roles:
        if departement_id:
            return departement_id in d.departements
        return region_id is not None and region_id in d.regions
    return False


def peut_voir_financement(user) -> bool:
    """La liste des subventions et ses exports : les agents qui gèrent de l'argent."""
    return bool(droits(user).roles & {Role.ADMINISTRATEUR, Role.ANCT, Role.DINUM, Role.INSTRUCTEUR})


def peut_gerer_enveloppe(user, enveloppe) -> bool:
    """Créer des enveloppes filles, déléguer, redéployer, engager : le fonds et les axes aux
    administrateurs ; l'axe 1 à l'ANCT, l'axe 2 à la DINUM ; sur l'axe 3, la préfecture de la
    région ou du département de l'enveloppe."""
    if enveloppe.parent_id is None or not enveloppe.axe:
        return est_administrateur(user)
    if enveloppe.axe == "axe3" and not (enveloppe.region_id or enveloppe.departement_id):
        return est_administrateur(user)
    return _couvre_axe(user, enveloppe.axe, enveloppe.region_id, enveloppe.departement_id)


def peut_attribuer_exceptionnellement(user) -> bool:
    """Une subvention sans dossier (cas exceptionnel, motivé et journalisé) : les
    administrateurs seuls. Toute autre subvention naît de l'acceptation d'un dossier."""
    return est_administrateur(user)


def peut_gerer_subvention(user, subvention) -> bool:
    """Émettre la convention, contresigner, annuler, prononcer la déchéance."""
    return _couvre_axe(user, subvention.axe, subvention.region_id, subvention.departement_id)


def peut_voir_subvention(user, subvention) -> bool:
    return est_membre(user, subvention.beneficiaire) or peut_gerer_subvention(user, subvention)


def peut_signer_convention(user, subvention) -> bool:
    """Déposer la convention signée : un membre vérifié de la collectivité bénéficiaire."""
    return peut_agir_pour(user, subvention.beneficiaire)


def peut_contresigner_convention(user, subvention) -> bool:
    return peut_gerer_subvention(user, subvention)


def peut_enregistrer_versement(user, subvention) -> bool:
    return peut_gerer_subvention(user, subvention)
