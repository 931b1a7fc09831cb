"""Des décisions du comité prises en même temps (vrais fils, PostgreSQL) : l'engagé ne dépasse
jamais l'enveloppe du tour ; deux décisions sur le même besoin, une seule passe."""

from decimal import Decimal

import pytest

from consultation.models.selection import DecisionComite
from consultation.services import selection as comite
from fonds.financement.models import Engagement
from tests.concurrence import SEULEMENT_POSTGRESQL, rafale

from .monde_selection import tour_en_selection

pytestmark = [SEULEMENT_POSTGRESQL, pytest.mark.django_db(transaction=True)]


def _decision(tour, cible, anct, montant):
    return lambda: comite.decider(
        tour=tour,
        cible=cible,
        issue="retenu",
        voie="deployer",
        montant=Decimal(montant),
        motivation="Retenu en séance.",
        par=anct,
    )


def test_jamais_au_dela_de_l_enveloppe(territoire, roles, fonds):
    tour, groupe, seule, seule_a = tour_en_selection(roles, territoire)
    cibles = [comite.cible_de(tour, o.uuid) for o in (groupe, seule, seule_a)]
    reussies, refusees = rafale([_decision(tour, c, roles["anct"], "40000") for c in cibles])
    assert len(reussies) == 2 and len(refusees) == 1
    assert "Il ne reste que" in str(refusees[0][1])
    tour.enveloppe.refresh_from_db()
    assert tour.enveloppe.montant_engage == Decimal("80000")
    assert tour.enveloppe.montant_engage <= tour.enveloppe.montant
    assert DecisionComite.objects.count() == 2 == Engagement.objects.count()


def test_une_decision_par_besoin(territoire, roles, fonds):
    tour, groupe, *_ = tour_en_selection(roles, territoire)
    c = comite.cible_de(tour, groupe.uuid)
    reussies, refusees = rafale([_decision(tour, c, roles["anct"], "10000")] * 4)
    assert len(reussies) == 1 and len(refusees) == 3
    tour.enveloppe.refresh_from_db()
    assert tour.enveloppe.montant_engage == Decimal("10000")
    assert Engagement.objects.count() == 1
