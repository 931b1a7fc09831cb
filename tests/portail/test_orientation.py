import pytest

from fonds.collectivites.enums import Nature
from fonds.portail.orientation import TypeProjet, orienter
from tests.collectivites.factories import CollectiviteFactory

pytestmark = pytest.mark.django_db


def test_un_departement_va_aux_appels_nationaux():
    departement = CollectiviteFactory(
        nature=Nature.DEPARTEMENT, nom="Côte-d'Or", population=530_000
    )
    orientation = orienter(collectivite=departement, type_projet=TypeProjet.DONNEE)
    assert orientation.axe == 2
    assert "cycle de vie de la donnée" in orientation.guichet
    assert "couvre au moins un département" in orientation.raisons[0]


def test_une_grande_metropole_va_aux_appels_nationaux():
    metropole = CollectiviteFactory(nature=Nature.EPCI, nom="Métropole X", population=1_400_000)
    orientation = orienter(collectivite=metropole, type_projet=TypeProjet.DEMARCHES)
    assert orientation.axe == 2
    assert "1 400 000 habitants" in orientation.raisons[0]


def test_une_grande_metropole_hors_volets_n_a_pas_le_guichet_de_la_prefecture():
    metropole = CollectiviteFactory(nature=Nature.EPCI, nom="Métropole X", population=1_400_000)
    orientation = orienter(collectivite=metropole, type_projet=TypeProjet.FORMATION)
    assert orientation.axe == 2
    assert "réservés aux petites et moyennes" in " ".join(orientation.raisons)


def test_une_petite_commune_va_au_guichet_de_sa_prefecture():
    commune = CollectiviteFactory(
        nom="Saint-Petit", population=850, departement__code="21", departement__nom="Côte-d'Or"
    )
    orientation = orienter(collectivite=commune, type_projet=TypeProjet.DEMARCHES)
    assert orientation.axe == 3
    assert orientation.guichet == "Guichet de la préfecture — Côte-d'Or (21)"
    assert "environ 500 000 habitants ; Saint-Petit en compte 850." in " ".join(orientation.raisons)


def test_franceconnect_va_au_guichet_forfaitaire_quelle_que_soit_la_taille():
    for population in (300, 2_000_000):
        orientation = orienter(
            collectivite=CollectiviteFactory(population=population),
            type_projet=TypeProjet.FRANCECONNECT_API,
        )
        assert orientation.axe == 2
        assert "forfaitaire" in orientation.guichet
        assert "5 000 €" in orientation.raisons[0]


def test_un_besoin_commun_va_a_la_consultation():
    orientation = orienter(
        collectivite=CollectiviteFactory(population=12_000), type_projet=TypeProjet.BESOIN_COMMUN
    )
    assert orientation.axe == 1


def test_un_groupement_qui_compte_un_departement_est_eligible_aux_appels_nationaux():
    departement = CollectiviteFactory(nature=Nature.DEPARTEMENT, population=200_000)
    gip = CollectiviteFactory(nature=Nature.GIP, nom="GIP Numérique", population=210_000)
    gip.membres.add(departement, CollectiviteFactory(population=10_000))
    orientation = orienter(collectivite=gip, type_projet=TypeProjet.ECOSYSTEMES)
    assert orientation.axe == 2


def test_un_laboratoire_d_innovation_mentionne_l_enveloppe_dediee():
    orientation = orienter(
        collectivite=CollectiviteFactory(population=40_000), type_projet=TypeProjet.LABORATOIRE
    )
    assert orientation.axe == 3
    assert "4 M€" in " ".join(orientation.raisons)


def test_la_page_d_orientation_donne_le_guichet_et_la_raison(client):
    commune = CollectiviteFactory(nom="Saint-Petit", population=850)
    response = client.get(
        "/orientation/", {"collectivite": commune.uuid, "type_projet": "cybersecurite"}
    )
    contenu = response.content.decode()
    assert response.status_code == 200
    assert "Axe 3" in contenu
    assert "petites et moyennes" in contenu


def test_la_page_d_orientation_signale_les_champs_manquants(client):
    response = client.get("/orientation/", {"collectivite": "", "type_projet": ""})
    contenu = response.content.decode()
    assert response.status_code == 200
    assert contenu.count('class="fr-error-text"') >= 2
