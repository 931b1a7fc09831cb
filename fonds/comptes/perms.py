"""Qui peut faire quoi, sur quel objet : le seul endroit où le portail en décide.

Chaque vue passe par ces prédicats. Les droits d'une personne (ses adhésions validées, ses
habilitations, ses conflits d'intérêts) sont lus à chaque requête, avec la personne elle-même,
en une seule instruction SQL (`backends.get_user`, `User.objects.avec_droits()`), puis
réutilisés : le nombre de requêtes d'une page ne dépend pas de ce qu'elle affiche.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from fonds.collectivites.models import Collectivite

from .enums import ROLE_DE_L_AXE, ROLES_TERRITORIAUX, Role


@dataclass(frozen=True)
class Droits:
    collectivites: frozenset[int] = frozenset()
    collectivites_en_attente: frozenset[int] = frozenset()
    # Les rôles exercés sur tout leur périmètre (un axe, un territoire).
    roles: frozenset[str] = frozenset()
    regions: frozenset[int] = frozenset()
    departements: frozenset[int] = field(default_factory=frozenset)
    # Les rôles limités à un guichet (un juré, un agent d'un appel), et ces guichets.
    roles_limites: frozenset[str] = frozenset()
    guichets: frozenset[int] = frozenset()
    # Les collectivités avec lesquelles la personne a déclaré un conflit d'intérêts.
    conflits: frozenset[int] = frozenset()

    @property
    def tous_roles(self) -> frozenset[str]:
        return self.roles | self.roles_limites

    @property
    def est_agent(self) -> bool:
        return bool(self.tous_roles - {Role.PARTENAIRE})


AUCUN_DROIT = Droits()


def droits(user) -> Droits:
    """Les droits de `user`. Chargés avec la personne par le moteur d'authentification
    (`fonds/comptes/backends.py`) ; sinon (une personne lue ailleurs, ou après
    `oublier_droits`), une requête, gardés sur l'objet."""
    from .droits_sql import ATTRIBUTS, est_charge, lire_droits

    if user is None or not user.is_authenticated or not user.is_active:
        return AUCUN_DROIT
    cached = getattr(user, "_droits_fonds", None)
    if cached is not None:
        return cached
    if not est_charge(user):
        from .models import User

        charge = User.objects.avec_droits().get(pk=user.pk)
        for nom in ATTRIBUTS:
            setattr(user, nom, getattr(charge, nom))
    user._droits_fonds = lire_droits(user)
    return user._droits_fonds


def oublier_droits(user) -> None:
    """À appeler après un changement d'adhésion ou d'habilitation dans la même requête."""
    from .droits_sql import ATTRIBUTS

    for nom in (*ATTRIBUTS, "_droits_fonds"):
        if hasattr(user, nom):
            delattr(user, nom)


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


def _exerce(d: Droits, role: str, region_id=None, departement_id=None) -> bool:
    """`role` sur tout son périmètre et, pour un rôle territorial (préfecture), sur ce
    territoire (un département, ou une région sans département)."""
    if role not in d.roles:
        return False
    if role not in ROLES_TERRITORIAUX:
        return True
    if departement_id:
        return departement_id in d.departements
    return region_id is not None and region_id in d.regions


def peut_instruire_guichet(user, guichet) -> bool:
    """Le rôle que demande le guichet et, en préfecture, son territoire ; une habilitation
    limitée à ce guichet (juré, agent d'un appel) ; ou administrateur."""
    d = droits(user)
    if Role.ADMINISTRATEUR in d.roles or guichet.pk in d.guichets:
        return True
    return _exerce(d, guichet.role_instructeur, guichet.region_id, guichet.departement_id)


def en_conflit(user, collectivite_id) -> bool:
    """`user` a-t-il déclaré un conflit d'intérêts avec cette collectivité ?"""
    return collectivite_id in droits(user).conflits


def peut_instruire(user, dossier) -> bool:
    """Un dossier déposé d'un guichet que `user` instruit, d'une collectivité avec laquelle il
    n'a pas déclaré de conflit d'intérêts."""
    from fonds.dossiers.enums import ETATS_VISIBLES_AGENTS

    return (
        dossier.etat in ETATS_VISIBLES_AGENTS
        and not en_conflit(user, dossier.collectivite_id)
        and peut_instruire_guichet(user, dossier.guichet)
    )


def est_deporte(user, dossier) -> bool:
    """L'agent instruirait ce dossier s'il n'avait pas déclaré de conflit d'intérêts."""
    from fonds.dossiers.enums import ETATS_VISIBLES_AGENTS

    return (
        en_conflit(user, dossier.collectivite_id)
        and dossier.etat in ETATS_VISIBLES_AGENTS
        and peut_instruire_guichet(user, dossier.guichet)
    )


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
    """L'agent gère-t-il cet axe (et, pour l'axe 3, ce territoire) ? Le rôle de chaque axe
    vient de la table du socle (`enums.ROLE_DE_L_AXE`)."""
    d = droits(user)
    if Role.ADMINISTRATEUR in d.roles:
        return True
    role = ROLE_DE_L_AXE.get(axe)
    return role is not None and _exerce(d, role, region_id, departement_id)


def q_territoire(d: Droits) -> Q:
    """Les objets (guichet, enveloppe, subvention) du territoire de la préfecture de `d`."""
    return Q(departement_id__in=d.departements) | Q(
        departement__isnull=True, region_id__in=d.regions
    )


def q_axes_geres(d: Droits) -> Q:
    """Les objets d'un axe (enveloppes, subventions) que `d` gère : la même règle que
    `_couvre_axe`, pour un QuerySet (sans les administrateurs, qui voient tout)."""
    portee = Q(pk__in=[])
    for axe, role in ROLE_DE_L_AXE.items():
        if role in d.roles:
            portee |= Q(axe=axe) & (q_territoire(d) if role in ROLES_TERRITORIAUX else Q())
    return portee


def peut_voir_financement(user) -> bool:
    """La liste des subventions et ses exports : les agents qui gèrent de l'argent."""
    return bool(droits(user).roles & {Role.ADMINISTRATEUR, *ROLE_DE_L_AXE.values()})


def peut_gerer_enveloppe(user, enveloppe) -> bool:
    """Créer des enveloppes filles, déléguer, redéployer, engager : le fonds et les axes aux
    administrateurs ; l'axe 1 à l'ANCT, l'axe 2 à la DINUM ; sur l'axe 3, la préfecture de la
    région ou du département de l'enveloppe."""
    if enveloppe.parent_id is None or not enveloppe.axe:
        return est_administrateur(user)
    territorial = ROLE_DE_L_AXE.get(enveloppe.axe) in ROLES_TERRITORIAUX
    if territorial and not (enveloppe.region_id or enveloppe.departement_id):
        return est_administrateur(user)
    return _couvre_axe(user, enveloppe.axe, enveloppe.region_id, enveloppe.departement_id)


def peut_attribuer_exceptionnellement(user) -> bool:
    """Une subvention sans dossier (cas exceptionnel, motivé et journalisé) : les
    administrateurs seuls. Toute autre subvention naît de l'acceptation d'un dossier."""
    return est_administrateur(user)


def peut_gerer_subvention(user, subvention) -> bool:
    """Émettre la convention, contresigner, annuler, prononcer la déchéance : l'agent de l'axe
    et du territoire, sans conflit d'intérêts avec le bénéficiaire."""
    if en_conflit(user, subvention.beneficiaire_id):
        return False
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
