"""Les formulaires de l'axe 3 dans le banc de fuzz : la répartition (administrateur), la
délégation et la reprise (préfecture de région)."""

from guichets_territoriaux import forms, forms_dossier, forms_instruction
from tests.fuzz.formulaires import Cible
from tests.guichets_territoriaux.monde import en_instruction, guichet_regional


def construire(monde) -> dict:
    regionale, guichet, brouillon = guichet_regional(monde.territoire, monde.roles)
    return {
        "region": monde.territoire["region"],
        "enveloppe_dx": regionale.enfants.get(departement=monde.territoire["dx"]),
        "brouillon": brouillon,
        "instruit": en_instruction(guichet, monde.territoire, monde.roles),
    }


def _instruit(m):
    return {"uuid": m.axes["territoires"]["instruit"].uuid}


def _region(m):
    return {"code": m.axes["territoires"]["region"].code}


SANS_SAISIE = {"guichets_territoriaux:deposer": "un bouton, sans champ"}

CIBLES = [
    Cible(
        "guichets_territoriaux:noter",
        "instructeur_region",
        forms_instruction.NotesForm,
        _instruit,
    ),
    Cible(
        "guichets_territoriaux:decider",
        "instructeur_region",
        forms_instruction.DecisionTerritorialeForm,
        _instruit,
    ),
    Cible("guichets_territoriaux:repartition", "administrateur", forms.RepartitionForm),
    Cible(
        "guichets_territoriaux:deleguer",
        "instructeur_region",
        forms.DelegationForm,
        _region,
        prefixe="delegation",
    ),
    Cible(
        "guichets_territoriaux:ouvrir_guichet",
        "instructeur_region",
        forms.OuvertureGuichetForm,
        lambda m: {"uuid": m.axes["territoires"]["enveloppe_dx"].uuid},
    ),
    # Le formulaire d'un dossier territorial, sur la page du socle (sa sorte le déclare).
    Cible(
        "dossiers:modifier",
        "membre_a",
        forms_dossier.DossierTerritorialForm,
        lambda m: {"uuid": m.axes["territoires"]["brouillon"].uuid},
    ),
    Cible(
        "guichets_territoriaux:reprendre",
        "instructeur_region",
        forms.RepriseForm,
        _region,
        prefixe="reprise",
    ),
]
