"""L'aiguillage : un seul guichet par dossier, le département délégué d'abord, le siège d'un
groupement, le plafond de population dit avant d'écrire."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fonds.collectivites.enums import Nature
from fonds.dossiers.models import Dossier
from guichets_territoriaux.services import repartition
from guichets_territoriaux.services.aiguillage import aiguiller, guichet_de
from guichets_territoriaux.services.guichets import ouvrir_guichet
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory

pytestmark = pytest.mark.django_db
HIER = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def guichets(fonds, territoire, roles):
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
    region = ouvrir_guichet(
        enveloppe=regionale,
        nom="Guichet régional",
        ouverture=HIER,
        depenses=["etudes"],
        par=roles["instructeur_region"],
    )
    departement = ouvrir_guichet(
        enveloppe=dx,
        nom="Guichet de X",
        ouverture=HIER,
        population_max=10000,
        depenses=["etudes"],
        par=roles["instructeur_dx"],
    )
    return region, departement


def test_le_departement_delegue_d_abord_sinon_la_region(guichets, territoire):
    region, departement = guichets
    assert guichet_de(territoire["a"]) == departement  # commune de X, département délégué
    assert guichet_de(territoire["b"]) == region  # commune de Y : pas de guichet en Y
    assert guichet_de(territoire["c"]) is None  # autre région, aucun guichet


def test_un_groupement_sur_deux_departements_va_au_guichet_de_son_siege(guichets, territoire):
    _, departement = guichets
    syndicat = CollectiviteFactory(
        nature=Nature.SYNDICAT_MIXTE, departement=territoire["dx"], population=5000
    )
    # Ses communes sont en X et en Y ; son siège (`departement` au registre) est en X.
    assert guichet_de(syndicat) == departement


def test_au_dessus_du_plafond_prevenu_avant_d_ecrire(guichets, territoire, client):
    grande = CollectiviteFactory(
        nature=Nature.COMMUNE, departement=territoire["dx"], population=50000
    )
    membre = AdhesionFactory(collectivite=grande).user
    assert aiguiller(grande).au_dessus_du_plafond
    client.force_login(membre)
    url = reverse("guichets_territoriaux:deposer", args=[grande.uuid])
    page = client.get(url).content.decode()
    assert 'id="plafond"' in page and reverse("dossiers:guichets") in page
    assert "Commencer un dossier" not in page
    reponse = client.post(url)
    assert reponse.status_code == 422
    assert not Dossier.objects.filter(collectivite=grande).exists()


def test_la_petite_commune_atterrit_au_guichet_de_son_departement(
    guichets, territoire, roles, client
):
    _, departement = guichets
    territoire["a"].population = 800
    territoire["a"].save()
    client.force_login(roles["membre_a"])
    reponse = client.post(reverse("guichets_territoriaux:deposer", args=[territoire["a"].uuid]))
    dossier = Dossier.objects.get(collectivite=territoire["a"])
    assert reponse.url == reverse("dossiers:modifier", args=[dossier.uuid])
    assert dossier.guichet == departement
    client.force_login(roles["membre_b"])
    assert (
        client.get(
            reverse("guichets_territoriaux:deposer", args=[territoire["a"].uuid])
        ).status_code
        == 403
    )
