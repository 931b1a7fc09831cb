from decimal import Decimal

import pytest

from fonds.financement import services
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.financement.models import Enveloppe


@pytest.fixture
def fonds(roles):
    """Le fonds de 88 M€, ses axes et la sous-enveloppe labs ; `fonds[axe]` donne un axe."""
    racine = services.initialiser_fonds(par=roles["administrateur"])
    arbre = {"fonds": racine}
    for enveloppe in Enveloppe.objects.filter(parent__isnull=False):
        arbre[enveloppe.axe if enveloppe.nature == NatureEnveloppe.AXE else "labs"] = enveloppe
    return arbre


@pytest.fixture
def enveloppe_dx(fonds, territoire, roles):
    """Une enveloppe départementale de l'axe 3 (préfecture de DX), 100 000 €."""
    region = services.creer_enveloppe(
        parent=fonds[Axe.AXE_3],
        nom="Région Une",
        nature=NatureEnveloppe.REGION,
        region=territoire["region"],
        montant=Decimal("500000.00"),
        motif="Répartition régionale",
        par=roles["administrateur"],
    )
    return services.creer_enveloppe(
        parent=region,
        nom="Département X",
        nature=NatureEnveloppe.DEPARTEMENT,
        region=territoire["region"],
        departement=territoire["dx"],
        montant=Decimal("100000.00"),
        motif="Délégation au département",
        par=roles["instructeur_region"],
    )


def attribuer(enveloppe, beneficiaire, par, montant="8000.00", **kwargs):
    return services.attribuer_subvention(
        enveloppe=enveloppe,
        beneficiaire=beneficiaire,
        objet=kwargs.pop("objet", "Dématérialisation des démarches"),
        cout_eligible=Decimal(kwargs.pop("cout_eligible", "10000.00")),
        taux=Decimal(kwargs.pop("taux", "80")),
        montant=Decimal(montant),
        par=par,
        **kwargs,
    )
