"""L'instruction sur les cinq critères du fonds et la décision, par les services du socle.

La décision passe par `fonds.dossiers.services.accepter` / `refuser` (verrou, droits,
historique, notification) ; l'acceptation engage la subvention sur l'enveloppe du guichet, ou
sur l'enveloppe nationale des labs pour un projet de lab (`conditions_de_subvention`, lue par
le socle), sous le verrou de cette enveloppe : jamais au-delà, même à plusieurs en même temps.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from fonds.comptes import perms
from fonds.dossiers import services as dossiers
from fonds.dossiers.enums import Etat
from fonds.financement.enums import Contractualisation
from fonds.validation import valider
from fonds.verrous import verrouiller

from ..forms_dossier import est_projet_de_lab
from ..models import ECHELLE, Contrat, Critere, Note
from .repartition import enveloppe_labs

ETATS_NOTABLES = (Etat.DEPOSE, Etat.EN_INSTRUCTION)


def _exiger_instructeur(par, dossier) -> None:
    perms.exiger(perms.peut_instruire(par, dossier), "Vous n'instruisez pas ce dossier.")


@transaction.atomic
def noter(*, dossier, par, notes: dict[str, tuple[int, str]]) -> list[Note]:
    """Enregistre la note et la justification de chaque critère donné (toutes ou rien)."""
    _exiger_instructeur(par, dossier)
    dossier = verrouiller(dossier)
    if dossier.etat not in ETATS_NOTABLES:
        raise ValidationError("On ne note qu'un dossier déposé ou en instruction.")
    erreurs: dict[str, list[str]] = {}
    for critere, (note, justification) in notes.items():
        if critere not in Critere.values:
            erreurs.setdefault("__all__", []).append(f"Critère inconnu : {critere}.")
        elif note not in ECHELLE:
            erreurs[f"note_{critere}"] = ["La note va de 1 (insuffisant) à 5 (excellent)."]
        elif not (justification or "").strip():
            erreurs[f"justification_{critere}"] = ["Justifiez la note par écrit."]
    if erreurs:
        raise ValidationError(erreurs)
    enregistrees = []
    for critere, (note, justification) in notes.items():
        objet = Note.objects.filter(dossier=dossier, critere=critere).first() or Note(
            dossier=dossier, critere=critere
        )
        objet.note, objet.justification, objet.par = note, justification.strip(), par
        valider(objet)
        objet.save()
        enregistrees.append(objet)
    return enregistrees


@transaction.atomic
def accepter(*, dossier, par, montant, motivation: str = "", mode: str, reference_crte: str = ""):
    """Accepte après notation des cinq critères ; la contractualisation est gardée pour la
    subvention que le socle crée dans la même transaction."""
    _exiger_instructeur(par, dossier)
    manquants = set(Critere.values) - set(
        Note.objects.filter(dossier=dossier).values_list("critere", flat=True)
    )
    if manquants:
        raise ValidationError(
            "Notez les cinq critères avant de décider : il manque "
            + ", ".join(Critere(c).label for c in Critere.values if c in manquants)
            + "."
        )
    if mode == Contractualisation.CRTE and not (reference_crte or "").strip():
        raise ValidationError({"reference_crte": "Indiquez la référence du CRTE."})
    Contrat.objects.filter(dossier=dossier).delete()
    contrat = Contrat(
        dossier=dossier,
        mode=mode,
        reference_crte=(reference_crte or "").strip() if mode == Contractualisation.CRTE else "",
        par=par,
    )
    valider(contrat)
    contrat.save()
    return dossiers.accepter(dossier=dossier, par=par, motivation=motivation, montant=montant)


def refuser(*, dossier, par, motivation: str):
    return dossiers.refuser(dossier=dossier, par=par, motivation=motivation)


def conditions_de_subvention(dossier) -> dict:
    """Lu par le socle à l'acceptation : l'enveloppe des labs pour un projet de lab, la
    contractualisation choisie (une convention ad hoc par défaut)."""
    conditions = {}
    if est_projet_de_lab(dossier):
        labs = enveloppe_labs()
        if labs is None:
            raise ValidationError("L'enveloppe nationale des labs n'existe pas.")
        conditions["enveloppe"] = labs
    contrat = Contrat.objects.filter(dossier=dossier).first()
    if contrat is not None:
        conditions["contractualisation"] = contrat.mode
        conditions["reference_crte"] = contrat.reference_crte
    return conditions
