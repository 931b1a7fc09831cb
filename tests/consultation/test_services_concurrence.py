"""Autour d'un service retenu, en même temps (vrais fils, PostgreSQL) : les financements de la
gouvernance ne dépassent jamais ce qui reste de l'enveloppe ; une collectivité se porte
volontaire une fois, rejoint un service du Store une fois et candidate une fois à un appel
national, même en cliquant plusieurs fois."""

from decimal import Decimal

import pytest

from consultation.models import AdhesionService, FinancementGouvernance, Interet
from consultation.services import passerelle, referents, suivi
from tests.concurrence import SEULEMENT_POSTGRESQL, rafale

from .monde import PetitMonde
from .monde_services import construire

pytestmark = [SEULEMENT_POSTGRESQL, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def m(territoire, roles, fonds):
    return construire(PetitMonde(territoire, roles))


def test_la_gouvernance_ne_depasse_jamais_l_enveloppe(m, territoire, roles):
    enveloppe = m["tour"].enveloppe
    enveloppe.refresh_from_db()
    reste = enveloppe.montant - enveloppe.montant_engage  # 30 000 €
    assert reste == Decimal("30000")
    financer = lambda: suivi.financer_gouvernance(  # noqa: E731
        service=m["service"],
        montant=Decimal("12000"),
        beneficiaire=territoire["a"],
        objet="Statuts du GIP",
        par=roles["anct"],
    )
    reussies, refusees = rafale([financer] * 4)
    assert len(reussies) == 2 and len(refusees) == 2
    assert all("Il ne reste que" in str(e) for _, e in refusees)
    enveloppe.refresh_from_db()
    assert enveloppe.montant_engage == enveloppe.montant - Decimal("6000")
    assert FinancementGouvernance.objects.count() == 2


def test_un_seul_volontariat_par_collectivite(m, territoire, roles):
    volontaire = lambda: referents.se_porter_volontaire(  # noqa: E731
        service=m["livre"], collectivite=territoire["b"], role="referent", par=roles["membre_b"]
    )
    reussies, refusees = rafale([volontaire] * 4)
    assert len(reussies) == 1 and len(refusees) == 3
    assert all("déjà portée volontaire" in str(e) for _, e in refusees)
    assert Interet.objects.filter(service=m["livre"], collectivite=territoire["b"]).count() == 1


def test_une_seule_adhesion_par_collectivite(m, territoire, roles):
    rejoindre = lambda: referents.adherer(  # noqa: E731
        service=m["livre"], collectivite=territoire["a"], par=roles["membre_a"]
    )
    reussies, refusees = rafale([rejoindre] * 4)
    assert len(reussies) == 1 and len(refusees) == 3
    assert AdhesionService.objects.filter(collectivite=territoire["a"]).count() == 1


def test_une_seule_candidature_par_appel(m, territoire, roles):
    """Deux clics simultanés sur « Candidater » : un seul groupement, une seule candidature."""
    from consultation.models import CandidatureNationale
    from fonds.collectivites.models import Collectivite

    candidater = lambda: passerelle.candidater(  # noqa: E731
        service=m["service"],
        guichet=m["appel"].guichet,
        chef_de_file=territoire["a"],
        par=roles["membre_a"],
    )
    reussies, refusees = rafale([candidater] * 3)
    assert len(reussies) == 1 and len(refusees) == 2
    assert all("candidate déjà" in str(e) for _, e in refusees)
    assert CandidatureNationale.objects.count() == 1
    assert Collectivite.objects.filter(nom__startswith="Groupement ad hoc").count() == 1
