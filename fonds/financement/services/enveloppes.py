"""Enveloppes et mouvements de crédits, engagements, arbre initial du fonds."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms
from fonds.comptes.models import User
from fonds.notifications.services import notifier
from fonds.validation import valider
from fonds.verrous import verrouiller

from ..enums import (
    STATUTS_OUVERTS,
    Axe,
    NatureEnveloppe,
    TypeMouvement,
)
from ..models import Engagement, Enveloppe, Mouvement, Subvention
from ..montants import en_euros, verifier_montant
from ._commun import _agents_de, _enregistrer, _exiger_motif, _verifier_disponible, _verrouiller

# --- Enveloppes et mouvements ---------------------------------------------------------------


def _mouvement(*, type, source, destination, montant, motif, par) -> Mouvement:
    mouvement = Mouvement(
        type=type, source=source, destination=destination, montant=montant, motif=motif, par=par
    )
    valider(mouvement)
    mouvement.save()
    return mouvement


@transaction.atomic
def doter_fonds(*, fonds: Enveloppe, montant, motif: str, par: User) -> Mouvement:
    """Dotation initiale de l'enveloppe racine (le fonds)."""
    perms.exiger(perms.est_administrateur(par), "Seul un administrateur dote le fonds.")
    montant = verifier_montant(montant)
    motif = _exiger_motif(motif)
    if fonds.parent_id is not None:
        raise ValidationError("Seul le fonds reçoit une dotation initiale.")
    _verrouiller(fonds)
    fonds.montant += montant
    _enregistrer(fonds, par=par, motif=motif)
    return _mouvement(
        type=TypeMouvement.DOTATION_INITIALE,
        source=None,
        destination=fonds,
        montant=montant,
        motif=motif,
        par=par,
    )


@transaction.atomic
def creer_enveloppe(
    *,
    parent: Enveloppe,
    nom: str,
    nature: str,
    montant,
    motif: str,
    par: User,
    axe: str = "",
    region=None,
    departement=None,
) -> Enveloppe:
    """Crée une enveloppe fille et lui délègue `montant` pris sur ce que le parent laisse libre."""
    perms.exiger(
        perms.peut_gerer_enveloppe(par, parent), f"Vous ne gérez pas l'enveloppe « {parent} »."
    )
    axe = parent.axe or axe
    if not axe:
        raise ValidationError({"axe": "Indiquez l'axe de l'enveloppe."})
    # Une enveloppe fille reste dans le territoire de son parent (axe 3).
    departement = departement or parent.departement
    region = region or (departement.region if departement else parent.region)
    if parent.departement_id and departement.pk != parent.departement_id:
        raise ValidationError(
            {"departement": f"Une enveloppe de « {parent} » reste dans son département."}
        )
    if parent.region_id and (region is None or region.pk != parent.region_id):
        raise ValidationError({"region": f"Une enveloppe de « {parent} » reste dans sa région."})
    if departement and region and departement.region_id != region.pk:
        raise ValidationError(
            {"departement": f"Le département {departement.nom} n'est pas dans la région {region}."}
        )
    enveloppe = Enveloppe(
        parent=parent, nom=nom, nature=nature, axe=axe, region=region, departement=departement
    )
    _enregistrer(enveloppe, par=par, motif=motif)
    deleguer(source=parent, destination=enveloppe, montant=montant, motif=motif, par=par)
    return enveloppe


@transaction.atomic
def deleguer(
    *, source: Enveloppe, destination: Enveloppe, montant, motif: str, par: User
) -> Mouvement:
    """Du parent vers une enveloppe fille (fonds → axe, région → département…)."""
    montant = verifier_montant(montant)
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_enveloppe(par, source), f"Vous ne gérez pas « {source} ».")
    if destination.parent_id != source.pk:
        raise ValidationError("On ne délègue qu'à une enveloppe fille.")
    verrouillees = _verrouiller(source, destination)
    parent, enfant = verrouillees[source.pk], verrouillees[destination.pk]
    _verifier_disponible(parent, montant)
    parent.montant_delegue += montant
    enfant.montant += montant
    _enregistrer(parent, par=par, motif=motif)
    _enregistrer(enfant, par=par, motif=motif)
    source.montant_delegue, destination.montant = parent.montant_delegue, enfant.montant
    mouvement = _mouvement(
        type=TypeMouvement.DELEGATION,
        source=source,
        destination=destination,
        montant=montant,
        motif=motif,
        par=par,
    )
    _notifier_mouvement(mouvement, enfant)
    return mouvement


@transaction.atomic
def retourner(*, source: Enveloppe, montant, motif: str, par: User) -> Mouvement:
    """Rend à l'enveloppe parente des crédits non utilisés."""
    montant = verifier_montant(montant)
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_enveloppe(par, source), f"Vous ne gérez pas « {source} ».")
    if source.parent_id is None:
        raise ValidationError("Le fonds n'a pas d'enveloppe parente.")
    verrouillees = _verrouiller(source, source.parent)
    enfant, parent = verrouillees[source.pk], verrouillees[source.parent_id]
    _verifier_disponible(enfant, montant)
    enfant.montant -= montant
    parent.montant_delegue -= montant
    _enregistrer(enfant, par=par, motif=motif)
    _enregistrer(parent, par=par, motif=motif)
    return _mouvement(
        type=TypeMouvement.RETOUR,
        source=source,
        destination=parent,
        montant=montant,
        motif=motif,
        par=par,
    )


@transaction.atomic
def redeployer(
    *, source: Enveloppe, destination: Enveloppe, montant, motif: str, par: User
) -> Mouvement:
    """Déplace des crédits entre deux enveloppes sœurs ; le parent décide."""
    montant = verifier_montant(montant)
    motif = _exiger_motif(motif)
    if source.parent_id is None or source.parent_id != destination.parent_id:
        raise ValidationError("On ne redéploie qu'entre deux enveloppes du même parent.")
    perms.exiger(
        perms.peut_gerer_enveloppe(par, source.parent),
        "Seul le gestionnaire de l'enveloppe parente redéploie.",
    )
    verrouillees = _verrouiller(source, destination)
    depart, arrivee = verrouillees[source.pk], verrouillees[destination.pk]
    _verifier_disponible(depart, montant)
    depart.montant -= montant
    arrivee.montant += montant
    _enregistrer(depart, par=par, motif=motif)
    _enregistrer(arrivee, par=par, motif=motif)
    mouvement = _mouvement(
        type=TypeMouvement.REDEPLOIEMENT,
        source=source,
        destination=destination,
        montant=montant,
        motif=motif,
        par=par,
    )
    _notifier_mouvement(mouvement, arrivee)
    return mouvement


def _notifier_mouvement(mouvement: Mouvement, destination: Enveloppe) -> None:
    notifier(
        destinataires=[
            a
            for a in _agents_de(
                axe=destination.axe,
                region_id=destination.region_id,
                departement_id=destination.departement_id,
            )
            if a.pk != mouvement.par_id
        ],
        cle=f"mouvement-{mouvement.pk}",
        titre=f"{mouvement.get_type_display()} : {en_euros(mouvement.montant)}",
        texte=(
            f"{en_euros(mouvement.montant)} sont désormais disponibles sur l'enveloppe "
            f"« {destination.nom} ». Motif : {mouvement.motif}"
        ),
    )


# --- Engagements ------------------------------------------------------------------------------


@transaction.atomic
def engager(
    *, enveloppe: Enveloppe, montant, beneficiaire: Collectivite, objet: str, par: User
) -> Engagement:
    """Réserve `montant` sur l'enveloppe, sous verrou : l'engagé ne dépasse jamais l'enveloppe,
    quel que soit le nombre de demandes simultanées."""
    montant = verifier_montant(montant)
    perms.exiger(
        perms.peut_gerer_enveloppe(par, enveloppe),
        f"Vous ne pouvez pas engager de crédits sur « {enveloppe} ».",
    )
    return _engager(
        enveloppe=enveloppe, montant=montant, beneficiaire=beneficiaire, objet=objet, par=par
    )


def _engager(
    *, enveloppe: Enveloppe, montant, beneficiaire: Collectivite, objet: str, par: User
) -> Engagement:
    """L'engagement sous verrou, sans contrôle de droit : l'appelant l'a fait (le gestionnaire
    de l'enveloppe, ou l'instructeur du guichet qui décide dans l'enveloppe de son guichet)."""
    verrouillee = _verrouiller(enveloppe)[enveloppe.pk]
    _verifier_disponible(verrouillee, montant)
    verrouillee.montant_engage += montant
    _enregistrer(verrouillee, par=par, motif=f"Engagement : {objet}")
    enveloppe.montant_engage = verrouillee.montant_engage
    engagement = Engagement(
        enveloppe=enveloppe,
        beneficiaire=beneficiaire,
        objet=objet,
        montant=montant,
        montant_initial=montant,
        cree_par=par,
    )
    _enregistrer(engagement, par=par, motif="Engagement")
    return engagement


def _rendre(engagement: Engagement, nouveau_montant: Decimal, *, motif: str, par: User) -> None:
    """Ramène l'engagement à `nouveau_montant` et rend la différence à l'enveloppe."""
    engagement = verrouiller(engagement)
    if nouveau_montant > engagement.montant:
        raise ValidationError(
            {"montant": "On ne peut que réduire un engagement ; engagez à nouveau pour plus."}
        )
    rendu = engagement.montant - nouveau_montant
    enveloppe = _verrouiller(engagement.enveloppe)[engagement.enveloppe_id]
    enveloppe.montant_engage -= rendu
    _enregistrer(enveloppe, par=par, motif=motif)
    engagement.montant = nouveau_montant
    if nouveau_montant == 0:
        engagement.libere_le = timezone.now()
    _enregistrer(engagement, par=par, motif=motif)


@transaction.atomic
def reduire(*, engagement: Engagement, montant, motif: str, par: User) -> Engagement:
    """Ramène l'engagement à `montant` (montant final plus bas) ; la différence est rendue."""
    montant = verifier_montant(montant, zero_permis=True)
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_enveloppe(par, engagement.enveloppe))
    subvention = (
        Subvention.objects.select_for_update(of=("self",)).filter(engagement=engagement).first()
    )
    if subvention is not None:
        # Le montant final de la subvention baisse avec son engagement, jamais sous le versé.
        if subvention.statut not in STATUTS_OUVERTS:
            raise ValidationError("Cette subvention est close : son engagement ne bouge plus.")
        if montant < subvention.montant_verse or montant == 0:
            raise ValidationError(
                {
                    "montant": f"{en_euros(subvention.montant_verse)} sont déjà versés : le "
                    "montant final ne peut descendre en dessous (pour tout rendre, annulez)."
                }
            )
    _rendre(engagement, montant, motif=motif, par=par)
    if subvention is not None:
        subvention.montant = montant
        _enregistrer(subvention, par=par, motif=motif)
    engagement.refresh_from_db()
    return engagement


@transaction.atomic
def liberer(*, engagement: Engagement, motif: str, par: User) -> Engagement:
    """Libère tout l'engagement (subvention annulée) : l'argent revient à l'enveloppe."""
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_enveloppe(par, engagement.enveloppe))
    _rendre(engagement, Decimal("0.00"), motif=motif, par=par)
    engagement.refresh_from_db()
    return engagement


# --- Arbre initial ------------------------------------------------------------------------------

#: Le fonds et ses axes (montants en euros), d'après la répartition de France Relance.
DOTATIONS = {
    "fonds": Decimal("88000000.00"),
    Axe.AXE_1: Decimal("30000000.00"),
    Axe.AXE_2: Decimal("24000000.00"),
    Axe.AXE_3: Decimal("34000000.00"),
    "labs": Decimal("4000000.00"),
}


@transaction.atomic
def initialiser_fonds(*, par: User) -> Enveloppe:
    """Crée le fonds (88 M€), ses trois axes et la sous-enveloppe des laboratoires d'innovation
    territoriale de l'axe 3 (4 M€). Sans effet si le fonds existe déjà."""
    perms.exiger(perms.est_administrateur(par), "Seul un administrateur initialise le fonds.")
    existant = Enveloppe.objects.filter(nature=NatureEnveloppe.FONDS).first()
    if existant:
        return existant
    fonds = Enveloppe(nom="Fonds « Transformation numérique des territoires »", nature="fonds")
    _enregistrer(fonds, par=par, motif="Création du fonds")
    doter_fonds(
        fonds=fonds, montant=DOTATIONS["fonds"], motif="Loi de finances — France Relance", par=par
    )
    axes = {}
    for axe in Axe:
        axes[axe] = creer_enveloppe(
            parent=fonds,
            nom=axe.label,
            nature=NatureEnveloppe.AXE,
            axe=axe,
            montant=DOTATIONS[axe],
            motif="Répartition initiale du fonds entre les axes",
            par=par,
        )
    creer_enveloppe(
        parent=axes[Axe.AXE_3],
        nom="Projets avec laboratoires d'innovation territoriale",
        nature=NatureEnveloppe.LABS,
        montant=DOTATIONS["labs"],
        motif="Part de l'axe 3 réservée aux laboratoires d'innovation territoriale",
        par=par,
    )
    return fonds
