"""Des acceptations simultanées (vrais fils, PostgreSQL) ne dépassent jamais l'enveloppe du
guichet ni celle des labs."""

from decimal import Decimal
from functools import partial

import pytest

from fonds.financement.models import Enveloppe, Subvention
from fonds.financement.services import retourner
from guichets_territoriaux.services import instruction as services
from guichets_territoriaux.services import repartition
from guichets_territoriaux.services.repartition import enveloppe_labs
from tests.collectivites.factories import CollectiviteFactory
from tests.concurrence import SEULEMENT_POSTGRESQL, rafale

from .conftest import dossier_en_instruction

pytestmark = [SEULEMENT_POSTGRESQL, pytest.mark.django_db(transaction=True)]


def _rafale(dossiers, agent):
    """Toutes les acceptations en même temps ; rend les dossiers acceptés et les refus."""
    reussies, refusees = rafale(
        [
            partial(services.accepter, dossier=d, par=agent, montant=None, mode="convention")
            for d in dossiers
        ]
    )
    return [dossiers[i] for i, _ in reussies], [exc for _, exc in refusees]


@pytest.mark.parametrize("lab", [False, True])
def test_decisions_simultanees_dans_l_enveloppe(guichet_dx, territoire, roles, lab):
    agent = roles["instructeur_dx"]
    if lab:  # Les labs ne gardent que 25 000 € : deux projets de 10 000 € sur six passent.
        labs = enveloppe_labs()
        retourner(
            source=labs,
            montant=labs.disponible - Decimal(25000),
            motif="Essai",
            par=roles["administrateur"],
        )
    dossiers = [
        dossier_en_instruction(
            guichet_dx,
            CollectiviteFactory(departement=territoire["dx"]),
            roles["membre_a"],
            lab=lab,
        )
        for _ in range(6)
    ]
    reussies, refusees = _rafale(dossiers, agent)
    enveloppe = enveloppe_labs() if lab else Enveloppe.objects.get(pk=guichet_dx.enveloppe_id)
    enveloppe.refresh_from_db()
    assert len(reussies) == (2 if lab else 4) and len(refusees) == len(dossiers) - len(reussies)
    assert enveloppe.montant_engage == 10000 * len(reussies) <= enveloppe.montant
    assert Subvention.objects.count() == len(reussies)


def test_delegations_simultanees_bornees_par_la_region(fonds, territoire, roles):  # noqa: F811
    """Six délégations de 30 000 € en même temps sur une région de 100 000 € : trois
    passent, jamais plus que ce que la région tient."""
    repartition.repartir(
        montants={territoire["region"].pk: Decimal(100000)},
        par=roles["administrateur"],
        motif="Répartition",
    )
    regionale = repartition.enveloppe_de_region(territoire["region"])
    repartition.deleguer_au_departement(
        regionale=regionale,
        departement=territoire["dx"],
        montant=1,
        motif="Ouverture",
        par=roles["instructeur_region"],
    )

    def deleguer():
        return repartition.deleguer_au_departement(
            regionale=Enveloppe.objects.get(pk=regionale.pk),
            departement=territoire["dx"],
            montant=Decimal(30000),
            motif="Rafale",
            par=roles["instructeur_region"],
        )

    reussies, refusees = rafale([deleguer] * 6)
    regionale.refresh_from_db()
    assert len(reussies) == 3 and len(refusees) == 3
    assert regionale.montant_delegue == Decimal(90001) <= regionale.montant
