"""Une rafale de demandes simultanées (vrais fils, connexions séparées, PostgreSQL) : jamais
plus de 2 forfaits par bénéficiaire, jamais 2 de la même sorte, jamais au-delà de
l'enveloppe ; la liste d'attente prend le reste, dans l'ordre des dépôts."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from fonds.financement.models import Engagement, Subvention
from guichet_national.models import DemandeForfait, StatutDemande
from guichet_national.services import forfaits_suivi as suivi
from guichet_national.services.forfaits import demander_forfait
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory
from tests.concurrence import SEULEMENT_POSTGRESQL, rafale

from .conftest import ouvrir, reponses

pytestmark = [SEULEMENT_POSTGRESQL, pytest.mark.django_db(transaction=True)]


def test_rafale_pour_un_beneficiaire(fonds, territoire, roles):
    guichet = ouvrir(fonds, roles, forfaits=100, slug="rafale-un")
    membre = roles["membre_a"]
    sortes = ["franceconnect", "api"] * 15

    def action(sorte):
        valeurs = reponses(sorte)
        return lambda: demander_forfait(
            guichet=guichet, collectivite=territoire["a"], par=membre, **valeurs
        )

    reussies, refusees = rafale([action(s) for s in sortes])
    assert len(reussies) == 2 and len(refusees) == 28
    assert sorted(d.sorte for _, d in reussies) == ["api", "franceconnect"]
    assert Subvention.objects.filter(beneficiaire=territoire["a"]).count() == 2
    assert DemandeForfait.objects.filter(statut=StatutDemande.ACCORDEE).count() == 2
    guichet.enveloppe.refresh_from_db()
    assert guichet.enveloppe.montant_engage == Decimal("10000.00")


def test_rafale_sur_une_enveloppe_de_trois_forfaits(fonds, territoire, roles):
    guichet = ouvrir(fonds, roles, forfaits=3, slug="rafale-trois")
    communes = [CollectiviteFactory(departement=territoire["dx"]) for _ in range(12)]
    membres = [AdhesionFactory(collectivite=c).user for c in communes]
    actions = []
    for c, m in zip(communes, membres, strict=True):
        for sorte in ("franceconnect", "api"):
            valeurs = reponses(sorte)
            actions.append(
                lambda c=c, m=m, valeurs=valeurs: demander_forfait(
                    guichet=guichet, collectivite=c, par=m, **valeurs
                )
            )
    # Et un membre d'une autre collectivité qui tente pour la commune A.
    valeurs = reponses()
    actions.append(
        lambda: demander_forfait(
            guichet=guichet, collectivite=territoire["a"], par=membres[0], **valeurs
        )
    )
    reussies, refusees = rafale(actions)
    assert len(reussies) == 24 and len(refusees) == 1
    assert isinstance(refusees[0][1], PermissionDenied)
    accordees = DemandeForfait.objects.filter(statut=StatutDemande.ACCORDEE)
    attente = DemandeForfait.objects.liste_attente(guichet)
    assert accordees.count() == 3 and attente.count() == 21
    assert Engagement.objects.filter(enveloppe=guichet.enveloppe).count() == 3
    guichet.enveloppe.refresh_from_db()
    assert guichet.enveloppe.montant_engage == Decimal("15000.00")
    assert guichet.enveloppe.disponible == 0
    for c in communes:
        assert Subvention.objects.filter(beneficiaire=c).count() <= 2
    # Deux révocations : les deux premières de la liste d'attente sont servies, dans l'ordre.
    ordre = list(attente.values_list("pk", flat=True))
    for demande in accordees[:2]:
        suivi.revoquer_forfait(demande=demande, par=roles["dinum"], motif="Fausse déclaration")
    servies = DemandeForfait.objects.filter(pk__in=ordre[:2], statut=StatutDemande.ACCORDEE)
    assert servies.count() == 2
    assert (
        list(DemandeForfait.objects.liste_attente(guichet).values_list("pk", flat=True))
        == (ordre[2:])
    )
