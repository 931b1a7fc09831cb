import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from guichets_territoriaux.models import Critere, Note
from guichets_territoriaux.services import repartition
from guichets_territoriaux.services.guichets import ouvrir_guichet
from tests.dossiers.factories import DossierFactory
from tests.financement.conftest import fonds  # noqa: F401

HIER = timezone.localdate() - datetime.timedelta(days=1)

REPONSES = {
    "sorte_depense": "services_en_ligne",
    "equipe": "Deux agents et un prestataire.",
    "usagers": "1 200 familles, besoin confirmé par enquête.",
    "budget_total": "20000",
    "plan_financement": "Autofinancement 50 %.",
}


@pytest.fixture
def guichet_dx(fonds, territoire, roles):  # noqa: F811
    """Le guichet du département X sur 40 000 € délégués par la Région Une (100 000 €)."""
    repartition.repartir(
        montants={territoire["region"].pk: Decimal(100000)},
        par=roles["administrateur"],
        motif="Répartition",
    )
    regionale = repartition.enveloppe_de_region(territoire["region"])
    dx = repartition.deleguer_au_departement(
        regionale=regionale,
        departement=territoire["dx"],
        montant=40000,
        motif="Délégation",
        par=roles["instructeur_region"],
    )
    return ouvrir_guichet(
        enveloppe=dx,
        nom="Guichet de X",
        ouverture=HIER,
        depenses=["services_en_ligne", "labs"],
        par=roles["instructeur_dx"],
    )


def dossier_en_instruction(guichet, collectivite, par, *, lab=False, montant=10000, notes=True):
    dossier = DossierFactory(
        guichet=guichet,
        collectivite=collectivite,
        cree_par=par,
        en_instruction=True,
        titre="Démarches en ligne",
        montant_demande=Decimal(montant),
        cout_eligible=Decimal(montant),
        donnees={**REPONSES, **({"sorte_depense": "labs", "lab": "La 27e Région"} if lab else {})},
    )
    if notes:
        for critere in Critere.values:
            Note.objects.create(
                dossier=dossier, critere=critere, note=4, justification="Solide.", par=par
            )
    return dossier
