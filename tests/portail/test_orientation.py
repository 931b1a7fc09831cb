"""L'orientation lit les guichets ouverts et leur éligibilité : aucune règle à elle."""

import datetime

import pytest
from django.utils import timezone

from fonds.collectivites.enums import Nature
from fonds.dossiers.enums import TYPES_PROJET_AXE_3, Axe, CouvertureDepartement, TypeProjet
from fonds.portail.orientation import orienter
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
from tests.dossiers.factories import GuichetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guichets():
    """L'appel national (volets démarches, données, écosystèmes), le guichet forfaitaire,
    la consultation, et les guichets des préfectures d'Ille-et-Vilaine et des
    Alpes-de-Haute-Provence."""
    ille = DepartementFactory(code="35", nom="Ille-et-Vilaine")
    alpes = DepartementFactory(code="04", nom="Alpes-de-Haute-Provence")
    national = {"departement": None, "region": None, "role_instructeur": "dinum"}
    return {
        "ille": ille,
        "alpes": alpes,
        "appel": GuichetFactory(
            nom="Appel à projets national",
            axe=Axe.AXE_2,
            population_min=500_000,
            couverture_departement=CouvertureDepartement.SUFFIT,
            types_projet=[TypeProjet.DEMARCHES, TypeProjet.DONNEE, TypeProjet.ECOSYSTEMES],
            **national,
        ),
        "forfait": GuichetFactory(
            nom="Guichet FranceConnect / API",
            axe=Axe.AXE_2,
            types_projet=[TypeProjet.FRANCECONNECT_API],
            **national,
        ),
        "consultation": GuichetFactory(
            nom="Consultation",
            axe=Axe.AXE_1,
            types_projet=[TypeProjet.BESOIN_COMMUN],
            departement=None,
            region=None,
            role_instructeur="anct",
        ),
        "prefecture_35": GuichetFactory(
            nom="Guichet de la préfecture d'Ille-et-Vilaine",
            departement=ille,
            types_projet=list(TYPES_PROJET_AXE_3),
        ),
        "prefecture_04": GuichetFactory(
            nom="Guichet de la préfecture des Alpes-de-Haute-Provence",
            departement=alpes,
            types_projet=list(TYPES_PROJET_AXE_3),
        ),
    }


def _noms(pistes):
    return [piste.guichet.nom for piste in pistes]


def test_rennes_metropole_est_menee_a_l_axe_3_et_a_la_consultation(guichets):
    rennes = CollectiviteFactory(
        nom="Rennes Métropole", nature=Nature.EPCI, population=473_973, departement=guichets["ille"]
    )
    orientation = orienter(collectivite=rennes, type_projet=TypeProjet.DEMARCHES)
    assert _noms(orientation.admis) == ["Guichet de la préfecture d'Ille-et-Vilaine"]
    assert _noms(orientation.consultation) == ["Consultation"]
    assert _noms(orientation.exclus) == ["Appel à projets national"]
    assert orientation.exclus[0].verdict.raisons == [
        "Rennes Métropole : 473 973 habitants < 500 000 et ne couvre aucun département."
    ]
    # Le guichet d'une autre préfecture ne la concerne pas : il n'est pas montré.
    assert "Alpes" not in " ".join(_noms(orientation.admis + orientation.exclus))


def test_rouen_va_aux_appels_nationaux(guichets):
    rouen = CollectiviteFactory(
        nom="Métropole Rouen Normandie", nature=Nature.EPCI, population=500_703
    )
    orientation = orienter(collectivite=rouen, type_projet=TypeProjet.DONNEE)
    assert _noms(orientation.admis) == ["Appel à projets national"]
    assert orientation.admis[0].verdict.raisons == [
        "Métropole Rouen Normandie : 500 703 habitants ≥ 500 000."
    ]


def test_un_departement_et_sa_cybersecurite_vont_au_guichet_de_sa_prefecture(guichets):
    departement = CollectiviteFactory(
        nom="Département d'Ille-et-Vilaine",
        nature=Nature.DEPARTEMENT,
        population=1_100_000,
        departement=guichets["ille"],
    )
    orientation = orienter(collectivite=departement, type_projet=TypeProjet.CYBERSECURITE)
    assert _noms(orientation.admis) == ["Guichet de la préfecture d'Ille-et-Vilaine"]
    assert orientation.exclus == []
    assert any("CRTE" in conseil for conseil in orientation.conseils)


def test_majastres_va_au_guichet_de_sa_prefecture(guichets):
    majastres = CollectiviteFactory(nom="Majastres", population=5, departement=guichets["alpes"])
    orientation = orienter(collectivite=majastres, type_projet=TypeProjet.ETUDE)
    assert _noms(orientation.admis) == ["Guichet de la préfecture des Alpes-de-Haute-Provence"]


def test_franceconnect_va_au_guichet_forfaitaire_quelle_que_soit_la_taille(guichets):
    for population in (5, 2_000_000):
        orientation = orienter(
            collectivite=CollectiviteFactory(population=population),
            type_projet=TypeProjet.FRANCECONNECT_API,
        )
        assert _noms(orientation.admis) == ["Guichet FranceConnect / API"]
        assert "DataPass" in orientation.conseils[0]


def test_un_plafond_local_exclut_avec_la_regle(guichets):
    guichets["prefecture_35"].population_max = 100_000
    guichets["prefecture_35"].save()
    rennes = CollectiviteFactory(
        nom="Rennes Métropole", nature=Nature.EPCI, population=473_973, departement=guichets["ille"]
    )
    orientation = orienter(collectivite=rennes, type_projet=TypeProjet.ETUDE)
    assert orientation.admis == []
    assert orientation.exclus[0].verdict.raisons == [
        "Rennes Métropole : 473 973 habitants > 100 000, plafond de population du guichet."
    ]


def test_un_guichet_ferme_n_est_pas_propose(guichets):
    guichets["consultation"].cloture = timezone.now() - datetime.timedelta(minutes=1)
    guichets["consultation"].ouverture = timezone.now() - datetime.timedelta(days=2)
    guichets["consultation"].save()
    orientation = orienter(
        collectivite=CollectiviteFactory(population=12_000), type_projet=TypeProjet.BESOIN_COMMUN
    )
    assert orientation.admis == orientation.consultation == orientation.exclus == []


def test_la_page_d_orientation_mene_aux_guichets(client, guichets):
    rennes = CollectiviteFactory(
        nom="Rennes Métropole", nature=Nature.EPCI, population=473_973, departement=guichets["ille"]
    )
    response = client.get(
        "/orientation/", {"collectivite": rennes.uuid, "type_projet": "demarches"}
    )
    contenu = response.content.decode()
    assert response.status_code == 200
    assert f'href="/guichets/{guichets["prefecture_35"].slug}/"' in contenu
    assert f'href="/guichets/{guichets["consultation"].slug}/"' in contenu
    assert "473 973 habitants &lt; 500 000 et ne couvre aucun département" in contenu
    assert "population municipale en vigueur en 2026 (INSEE" in contenu


def test_la_page_d_orientation_suit_les_guichets(client, guichets):
    """La page est gardée en cache : un guichet qui ferme la fait rendre à nouveau."""
    commune = CollectiviteFactory(population=850, departement=guichets["alpes"])
    parametres = {"collectivite": commune.uuid, "type_projet": "etude"}
    assert guichets["prefecture_04"].nom in client.get("/orientation/", parametres).content.decode()
    guichets["prefecture_04"].cloture = timezone.now() - datetime.timedelta(seconds=1)
    guichets["prefecture_04"].save()
    contenu = client.get("/orientation/", parametres).content.decode()
    assert guichets["prefecture_04"].nom not in contenu
    assert "Aucun guichet ouvert en ce moment ne finance ce projet" in contenu


def test_la_page_d_orientation_signale_les_champs_manquants(client):
    response = client.get("/orientation/", {"collectivite": "", "type_projet": ""})
    contenu = response.content.decode()
    assert response.status_code == 200
    assert contenu.count('class="fr-error-text"') >= 2
