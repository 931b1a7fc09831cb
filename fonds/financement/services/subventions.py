"""Subventions : création (depuis un dossier ou, par exception, par un administrateur) et
transitions (annulation, déchéance)."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms
from fonds.comptes.models import User
from fonds.verrous import verrouiller

from ..enums import (
    STATUTS_OUVERTS,
    Axe,
    Contractualisation,
    StatutSubvention,
)
from ..models import Enveloppe, Subvention
from ..montants import CENTIME, en_euros, verifier_montant
from ._commun import _enregistrer, _exiger_motif, _notifier_subvention
from .enveloppes import _engager, _rendre

# --- Subventions ------------------------------------------------------------------------------


def verifier_taux(taux) -> Decimal:
    try:
        taux = Decimal(str(taux)).quantize(CENTIME)
    except ArithmeticError as exc:
        raise ValidationError(
            {"taux": "Saisissez un taux en pourcentage, par exemple 80."}
        ) from exc
    if not (0 < taux <= 100):
        raise ValidationError({"taux": "Le taux est compris entre 0 et 100 %."})
    return taux


def _attribuer(
    *,
    enveloppe: Enveloppe,
    beneficiaire: Collectivite,
    objet: str,
    cout_eligible,
    taux,
    montant,
    par: User,
    dossier=None,
    motif_exceptionnel: str = "",
    contractualisation: str = Contractualisation.CONVENTION,
    reference_crte: str = "",
    duree_mois: int = 24,
) -> Subvention:
    """Engage le montant sur l'enveloppe (sous son verrou) et crée la subvention. Sans contrôle
    de droit : `subventionner_dossier` (la décision sur un dossier) et
    `attribuer_exceptionnellement` (un administrateur) le font, chacun à sa façon."""
    cout_eligible = verifier_montant(cout_eligible, champ="cout_eligible")
    montant = verifier_montant(montant)
    taux = verifier_taux(taux)
    plafond = (cout_eligible * taux / 100).quantize(CENTIME, rounding=ROUND_HALF_UP)
    if montant > plafond:
        raise ValidationError(
            {
                "montant": f"Au taux de {taux} %, la subvention ne peut dépasser "
                f"{en_euros(plafond)} pour un coût éligible de {en_euros(cout_eligible)}."
            }
        )
    if contractualisation == Contractualisation.CRTE and enveloppe.axe != Axe.AXE_3:
        raise ValidationError({"contractualisation": "Le CRTE n'est possible que pour l'axe 3."})
    if contractualisation == Contractualisation.CRTE and not reference_crte.strip():
        raise ValidationError({"reference_crte": "Indiquez la référence du CRTE."})
    if perms.en_conflit(par, beneficiaire.pk):
        raise ValidationError(
            {
                "beneficiaire": f"Vous avez déclaré un conflit d'intérêts avec "
                f"{beneficiaire.nom} : un autre agent attribue sa subvention."
            }
        )
    departement_id = beneficiaire.departement_id
    region_id = beneficiaire.region_id or (
        beneficiaire.departement.region_id if departement_id else None
    )
    # Une enveloppe territoriale (axe 3) ne finance que les collectivités de son territoire :
    # sinon la préfecture engagerait son argent pour une subvention qu'elle ne verrait plus.
    if (enveloppe.departement_id and departement_id != enveloppe.departement_id) or (
        enveloppe.region_id and region_id != enveloppe.region_id
    ):
        raise ValidationError(
            {
                "beneficiaire": f"{beneficiaire.nom} n'est pas dans le territoire de "
                f"l'enveloppe « {enveloppe.nom} »."
            }
        )
    engagement = _engager(
        enveloppe=enveloppe, montant=montant, beneficiaire=beneficiaire, objet=objet, par=par
    )
    subvention = Subvention(
        dossier=dossier,
        motif_exceptionnel=motif_exceptionnel,
        beneficiaire=beneficiaire,
        enveloppe=enveloppe,
        engagement=engagement,
        axe=enveloppe.axe,
        region_id=region_id,
        departement_id=departement_id,
        objet=objet,
        cout_eligible=cout_eligible,
        taux=taux,
        montant=montant,
        contractualisation=contractualisation,
        reference_crte=reference_crte.strip(),
        duree_mois=duree_mois,
        cree_par=par,
    )
    raison = (
        f"Acceptation du dossier {dossier.uuid}"
        if dossier is not None
        else f"Attribution exceptionnelle : {motif_exceptionnel}"
    )
    _enregistrer(subvention, par=par, motif=raison)
    _notifier_subvention(
        subvention,
        evenement="attribuee",
        titre=f"Subvention de {en_euros(montant)} attribuée",
        texte=(
            f"Une subvention de {en_euros(montant)} est attribuée à {beneficiaire.nom} pour "
            f"« {objet} ». La convention de financement vous sera bientôt proposée."
        ),
    )
    return subvention


@transaction.atomic
def attribuer_exceptionnellement(
    *,
    enveloppe: Enveloppe,
    beneficiaire: Collectivite,
    objet: str,
    cout_eligible,
    taux,
    montant,
    motif: str,
    par: User,
    contractualisation: str = Contractualisation.CONVENTION,
    reference_crte: str = "",
    duree_mois: int = 24,
) -> Subvention:
    """Une subvention sans dossier : réservée aux administrateurs, pour un cas que le portail
    ne sait pas instruire, avec un motif obligatoire gardé dans la subvention et dans le journal
    d'audit (historique). Toute autre subvention naît de l'acceptation d'un dossier."""
    perms.exiger(
        perms.peut_attribuer_exceptionnellement(par),
        "Seul un administrateur attribue une subvention hors d'un dossier.",
    )
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError(
            {"motif": "Indiquez pourquoi cette subvention ne naît pas d'un dossier accepté."}
        )
    return _attribuer(
        enveloppe=enveloppe,
        beneficiaire=beneficiaire,
        objet=objet,
        cout_eligible=cout_eligible,
        taux=taux,
        montant=montant,
        par=par,
        motif_exceptionnel=motif,
        contractualisation=contractualisation,
        reference_crte=reference_crte,
        duree_mois=duree_mois,
    )


def _verrouiller_subvention(subvention: Subvention) -> Subvention:
    """Relit toute la subvention sous verrou (montant, statut, versé…) dans l'objet de
    l'appelant : un objet lu avant une réduction ne réécrit jamais l'ancien montant."""
    return verrouiller(subvention)


def _changer_statut(subvention: Subvention, statut: str, *, motif: str, par: User) -> None:
    subvention.statut = statut
    subvention.motif_statut = motif
    _enregistrer(subvention, par=par, motif=motif)


def _exiger_statut(subvention: Subvention, *statuts: str, action: str) -> None:
    if subvention.statut not in statuts:
        raise ValidationError(
            f"Impossible de {action} : la subvention est « {subvention.get_statut_display()} »."
        )


@transaction.atomic
def annuler_subvention(*, subvention: Subvention, motif: str, par: User) -> Subvention:
    """Annule une subvention dont rien n'est versé ; tout l'engagement revient à l'enveloppe."""
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_subvention(par, subvention))
    _verrouiller_subvention(subvention)
    _exiger_statut(
        subvention,
        StatutSubvention.A_CONVENTIONNER,
        StatutSubvention.CONVENTION_EMISE,
        StatutSubvention.SIGNEE,
        action="annuler",
    )
    if subvention.montant_verse:
        raise ValidationError("Des versements ont eu lieu : prononcez plutôt la déchéance.")
    _rendre(subvention.engagement, Decimal("0.00"), motif=motif, par=par)
    _changer_statut(subvention, StatutSubvention.ANNULEE, motif=motif, par=par)
    _notifier_subvention(
        subvention,
        evenement="annulee",
        titre="Subvention annulée",
        texte=f"La subvention « {subvention.objet} » est annulée. Motif : {motif}",
        agents=True,
    )
    return subvention


@transaction.atomic
def prononcer_decheance(*, subvention: Subvention, motif: str, par: User) -> Subvention:
    """Déchéance : plus rien ne sera versé ; ce qui n'est pas versé revient à l'enveloppe."""
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_subvention(par, subvention))
    _verrouiller_subvention(subvention)
    _exiger_statut(subvention, *STATUTS_OUVERTS, action="prononcer la déchéance")
    _rendre(subvention.engagement, subvention.montant_verse, motif=motif, par=par)
    _changer_statut(subvention, StatutSubvention.DECHUE, motif=motif, par=par)
    _notifier_subvention(
        subvention,
        evenement="dechue",
        titre="Déchéance de la subvention",
        texte=f"La subvention « {subvention.objet} » est déchue. Motif : {motif}",
        agents=True,
    )
    return subvention
