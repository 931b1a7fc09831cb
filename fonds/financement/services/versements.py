"""Versements d'une subvention."""

import datetime
from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fonds.comptes import perms
from fonds.comptes.models import User

from ..enums import (
    StatutSubvention,
    TypeVersement,
)
from ..models import Subvention, Versement
from ..montants import en_euros, verifier_montant
from ._commun import _enregistrer, _notifier_subvention
from .enveloppes import _rendre
from .subventions import _changer_statut, _exiger_statut, _verrouiller_subvention

# --- Versements ---------------------------------------------------------------------------------

#: Un versement est daté entre le lancement de France Relance et un an après aujourd'hui (un
#: paiement programmé) : ni l'an 1, ni l'an 9999.
PREMIER_VERSEMENT = Date(2020, 9, 1)


def dernier_versement() -> Date:
    return timezone.localdate() + datetime.timedelta(days=366)


def _verifier_date(date: Date) -> None:
    debut, fin = PREMIER_VERSEMENT, dernier_versement()
    if not isinstance(date, Date) or not debut <= date <= fin:
        raise ValidationError(
            {"date": f"Un versement est daté entre le {debut:%d/%m/%Y} et le {fin:%d/%m/%Y}."}
        )


@transaction.atomic
def enregistrer_versement(
    *, subvention: Subvention, type: str, montant, date: Date, reference: str, par: User
) -> Versement:
    """Enregistre un versement, sous verrou : le total versé ne dépasse jamais la subvention.
    Le solde (ou le versement qui atteint le montant) solde la subvention et rend à l'enveloppe
    ce qui n'a pas été versé."""
    perms.exiger(perms.peut_enregistrer_versement(par, subvention))
    return _verser(
        subvention=subvention, type=type, montant=montant, date=date, reference=reference, par=par
    )


@transaction.atomic
def verser_automatiquement(
    *, subvention: Subvention, type: str, montant, date: Date, reference: str
) -> Versement:
    """Le versement que le portail déclenche lui-même, sans agent (le forfait d'un service mis
    en production) : mêmes règles, même verrou ; l'historique l'attribue à `acteur_systeme`."""
    from fonds.comptes.services import acteur_systeme

    return _verser(
        subvention=subvention,
        type=type,
        montant=montant,
        date=date,
        reference=reference,
        par=acteur_systeme(),
    )


def _verser(*, subvention, type, montant, date, reference, par) -> Versement:
    montant = verifier_montant(montant)
    _verifier_date(date)
    _verrouiller_subvention(subvention)
    _exiger_statut(
        subvention,
        StatutSubvention.SIGNEE,
        StatutSubvention.EN_PAIEMENT,
        action="enregistrer un versement",
    )
    if montant > subvention.reste_a_verser:
        raise ValidationError(
            {
                "montant": f"Il reste {en_euros(subvention.reste_a_verser)} à verser sur cette "
                f"subvention : impossible de verser {en_euros(montant)}."
            }
        )
    versement = Versement(
        subvention=subvention,
        type=type,
        montant=montant,
        date=date,
        reference=(reference or "").strip(),
        par=par,
    )
    _enregistrer(versement, par=par, motif=f"{versement.get_type_display()} versé")
    subvention.montant_verse += montant
    if type == TypeVersement.SOLDE or subvention.montant_verse == subvention.montant:
        if subvention.montant_verse < subvention.montant:
            _rendre(
                subvention.engagement,
                subvention.montant_verse,
                motif="Solde inférieur au montant attribué",
                par=par,
            )
        _changer_statut(subvention, StatutSubvention.SOLDEE, motif="Solde versé", par=par)
        evenement, titre = "soldee", "Subvention soldée"
    else:
        _changer_statut(
            subvention,
            StatutSubvention.EN_PAIEMENT,
            motif=f"{versement.get_type_display()} versé",
            par=par,
        )
        evenement, titre = f"versement-{versement.uuid}", "Versement effectué"
    _notifier_subvention(
        subvention,
        evenement=evenement,
        titre=titre,
        texte=(
            f"{versement.get_type_display()} de {en_euros(montant)} versé le "
            f"{date:%d/%m/%Y} (référence {versement.reference}) pour « {subvention.objet} ». "
            f"Total versé : {en_euros(subvention.montant_verse)} sur "
            f"{en_euros(subvention.montant)}."
        ),
        agents=evenement == "soldee",
    )
    return versement
