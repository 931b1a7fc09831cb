"""Les guichets territoriaux de l'axe 3 dans la matrice et les budgets.

Le monde : l'enveloppe de la Région Une et celles de ses départements X et Y (celles du monde
de la matrice) ; la préfecture de région (instructeur_region) et les administrateurs gèrent
la région ; l'administrateur seul répartit l'axe et voit la vue nationale."""

import datetime

from django.utils import timezone

from tests.guichets_territoriaux.monde import (  # noqa: F401
    construire,
    csv_juste,
    etat_decisions,
    etat_enveloppes,
    etat_guichets,
    etat_notes,
)
from tests.preuves.monde import INTERDIT, METHODE, OK, REDIRIGE
from tests.preuves.pages import Page, connecte, pour

ADMIN = ("administrateur",)
REGION = ("instructeur_region", "administrateur")
PREFECTURES_DX = ("instructeur_dx", "instructeur_dx_conflit", *REGION)


def _ouverture(m):
    return {
        "nom": "Guichet territorial — Département X",
        "ouverture": timezone.localdate().isoformat(),
        "cloture": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        "population_max": "20000",
        "depenses": ["etudes", "cybersecurite"],
    }


def _region(m):
    return {"code": m.territoire["region"].code}


def _delegation(m):
    return {
        "delegation-departement": m.territoire["dx"].pk,
        "delegation-montant": "1000,00",
        "delegation-motif": "Renfort du département X",
    }


def _reprise(m):
    dx = m.axes["territoires"]["regionale"].enfants.get(departement=m.territoire["dx"])
    return {
        "reprise-enveloppe": dx.pk,
        "reprise-montant": "500,00",
        "reprise-motif": "Crédits non utilisés",
    }


def _etat_dossiers(m):
    from fonds.dossiers.models import Dossier

    return sorted(Dossier.objects.values_list("pk", flat=True))


def _instruit(m):
    return {"uuid": m.axes["territoires"]["instruit"].uuid}


def _notes(m):
    from guichets_territoriaux.models import Critere

    donnees = {}
    for c in Critere.values:
        donnees[f"note_{c}"] = "5"
        donnees[f"justification_{c}"] = "Revu après l'audition."
    return donnees


PAGES = {
    "guichets_territoriaux:vue_regionale": Page(
        get=pour(REGION, OK),
        post=connecte(METHODE),
        kwargs=_region,
        visible=lambda m: {"Guichet territorial — Région Une": REGION, "<svg": REGION},
    ),
    "guichets_territoriaux:export_national": Page(
        get=pour(ADMIN, OK),
        post=connecte(METHODE),
        visible=lambda m: {"Région Une": ADMIN},
    ),
    # Le dossier de la commune A au guichet de la Région Une : sa préfecture de région
    # l'instruit ; la préfecture de X (un département, pas ce guichet), la collectivité et
    # les autres reçoivent 403.
    "guichets_territoriaux:instruire": Page(
        get=pour(REGION, OK),
        post=connecte(METHODE),
        kwargs=_instruit,
        visible=lambda m: {"Les cinq critères du fonds": REGION},
    ),
    "guichets_territoriaux:noter": Page(
        get=connecte(METHODE),
        post=pour(REGION, REDIRIGE),
        kwargs=_instruit,
        donnees=_notes,
        etat=etat_notes,
    ),
    "guichets_territoriaux:decider": Page(
        get=connecte(METHODE),
        post=pour(REGION, REDIRIGE),
        kwargs=_instruit,
        donnees=lambda m: {
            "decision": "accepter",
            "montant": "10000",
            "mode": "crte",
            "reference_crte": "CRTE-R1-007",
        },
        etat=etat_decisions,
    ),
    # Le membre vérifié de la commune A est aiguillé (guichet de la Région Une : le
    # département X n'a pas de guichet territorial) ; les autres, 403.
    "guichets_territoriaux:deposer": Page(
        get=pour(("membre_a",), OK),
        post=pour(("membre_a",), REDIRIGE),
        kwargs=lambda m: {"uuid": m.territoire["a"].uuid},
        etat=_etat_dossiers,
        visible=lambda m: {"Guichet territorial — Région Une": ("membre_a",)},
    ),
    "guichets_territoriaux:national": Page(
        get=pour(ADMIN, OK),
        post=connecte(METHODE),
        visible=lambda m: {"Région Une": ADMIN},
    ),
    "guichets_territoriaux:repartition": Page(
        get=pour(ADMIN, OK),
        post=pour(ADMIN, REDIRIGE),
        donnees=lambda m: {"texte": csv_juste(), "motif": "Répartition", "confirmer": "on"},
        etat=etat_enveloppes,
    ),
    "guichets_territoriaux:region": Page(
        get=pour(REGION, OK),
        post=connecte(METHODE),
        kwargs=_region,
        visible=lambda m: {
            "Département X (DX)": REGION,
            "Guichet territorial — Région Une": REGION,
        },
    ),
    "guichets_territoriaux:ouvrir_guichet": Page(
        get=pour(PREFECTURES_DX, OK),
        post=pour(PREFECTURES_DX, REDIRIGE),
        kwargs=lambda m: {"uuid": m.axes["territoires"]["enveloppe_dx"].uuid},
        donnees=_ouverture,
        etat=etat_guichets,
    ),
    "guichets_territoriaux:deleguer": Page(
        get=connecte(METHODE),
        post=pour(REGION, REDIRIGE),
        kwargs=_region,
        donnees=_delegation,
        etat=etat_enveloppes,
    ),
    "guichets_territoriaux:reprendre": Page(
        get=connecte(METHODE),
        post=pour(REGION, REDIRIGE),
        kwargs=_region,
        donnees=_reprise,
        etat=etat_enveloppes,
    ),
}

_ = INTERDIT

BUDGETS = {
    "guichets_territoriaux:region": (
        9,
        "la région, son enveloppe, les enveloppes de ses départements, ses guichets, puis les "
        "deux listes de choix (départements à déléguer, enveloppes à reprendre)",
    ),
}
