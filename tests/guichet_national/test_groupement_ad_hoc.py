"""Le groupement ad hoc : les populations de ses membres s'additionnent pour l'éligibilité
du socle, avec la somme en clair ; inéligible, rien n'est enregistré ; formé, son chef de file
y dépose le projet, et un juré lié à un membre est en conflit d'intérêts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite
from fonds.comptes import perms
from fonds.dossiers.eligibilite import eligibilite
from guichet_national.services import groupements, jury
from tests.collectivites.factories import CollectiviteFactory
from tests.financement.conftest import fonds  # noqa: F401

from .monde_appels import construire_appels, deposer

pytestmark = pytest.mark.django_db


@pytest.fixture
def m(fonds, territoire, roles):  # noqa: F811
    return construire_appels(territoire, roles)


@pytest.fixture
def voisines(territoire):
    return [
        CollectiviteFactory(nom="Métropole Voisine", nature=Nature.EPCI, population=480_000),
        CollectiviteFactory(nom="Agglomération Proche", nature=Nature.EPCI, population=30_000),
    ]


def _url(m):
    return reverse("guichet_national:appel_groupement", args=[m["appel"].guichet.slug])


def test_les_populations_s_additionnent_avec_la_somme_en_clair(m, territoire, voisines):
    guichet = m["appel"].guichet
    seule = groupements.simuler(
        guichet, chef_de_file=territoire["a"], autres=voisines[1:], nom="Petits"
    )
    assert not seule.verdict.ok
    ensemble = groupements.simuler(
        guichet, chef_de_file=territoire["a"], autres=voisines, nom="Ensemble"
    )
    assert ensemble.verdict.ok
    assert ensemble.detail == (
        "Commune A : 1 500 + Métropole Voisine : 480 000 + Agglomération Proche : 30 000 "
        "= 511 500 habitants"
    )
    assert ensemble.verdict.raisons == [
        "Groupement ad hoc « Ensemble » : 511 500 habitants ≥ 500 000."
    ]
    # Un membre qui couvre un département suffit (règle du socle pour les groupements).
    dep = CollectiviteFactory(nature=Nature.DEPARTEMENT, population=150_000)
    assert groupements.simuler(
        guichet, chef_de_file=territoire["a"], autres=[dep], nom="Avec le département"
    ).verdict.ok


def test_inegible_ou_sans_membre_rien_n_est_enregistre(m, territoire, roles, voisines):
    avant = Collectivite.objects.count()
    with pytest.raises(ValidationError) as erreur:
        groupements.former(
            m["appel"].guichet,
            chef_de_file=territoire["a"],
            autres=voisines[1:],
            nom="Petits",
            par=roles["membre_a"],
        )
    assert "31 500 habitants" in str(erreur.value.message_dict["membres"])
    with pytest.raises(ValidationError):
        groupements.former(
            m["appel"].guichet,
            chef_de_file=territoire["a"],
            autres=[],
            nom="Seule",
            par=roles["membre_a"],
        )
    # Agir pour un chef de file dont on n'est pas membre vérifié : refusé.
    with pytest.raises(PermissionDenied):
        groupements.former(
            m["appel"].guichet,
            chef_de_file=territoire["b"],
            autres=voisines,
            nom="Usurpé",
            par=roles["membre_a"],
        )
    assert Collectivite.objects.count() == avant


def test_forme_le_chef_de_file_depose_et_le_jure_lie_est_en_conflit(m, territoire, roles, voisines):
    groupement = groupements.former(
        m["appel"].guichet,
        chef_de_file=territoire["a"],
        autres=voisines,
        nom="Ensemble",
        par=roles["membre_a"],
    )
    assert groupement.population == 511_500
    assert set(groupement.membres.all()) == {territoire["a"], *voisines}
    assert eligibilite(m["appel"].guichet, groupement).ok
    assert perms.peut_agir_pour(roles["membre_a"], groupement)
    dossier = deposer(m["appel"], groupement, roles["membre_a"], titre="Démarches partagées")
    assert dossier.collectivite == groupement
    # Un juré agent de la commune A (membre du groupement) est en conflit avec ce dossier.
    assert jury.motif_conflit(dossier, jury.proches(roles["membre_a"]))


def test_la_page_verifie_puis_forme(client, m, territoire, roles, voisines):
    client.force_login(roles["membre_a"])
    assert client.get(_url(m)).status_code == 200
    donnees = {
        "chef_de_file": str(territoire["a"].uuid),
        "nom": "Ensemble",
        "membres": voisines[1].siren,
    }
    page = client.post(_url(m), {**donnees, "action": "verifier"})
    texte = page.content.decode()
    assert page.status_code == 422
    assert "31 500 habitants" in texte and "non éligible" in texte
    assert Collectivite.objects.filter(nom__startswith="Groupement ad hoc").count() == 0
    donnees["membres"] = f"{voisines[0].siren}, {voisines[1].siren}"
    page = client.post(_url(m), {**donnees, "action": "verifier"})
    assert page.status_code == 200
    assert "511 500 habitants ≥ 500 000" in page.content.decode()
    page = client.post(_url(m), {**donnees, "action": "former"})
    assert page.status_code == 302
    depot = client.get(page["Location"]).content.decode()
    assert "Groupement ad hoc « Ensemble » : éligible" in depot
    assert 'id="formulaire-projet"' in depot


def test_saisie_fautive_gardee_avec_un_message(client, m, territoire, roles):
    client.force_login(roles["membre_a"])
    page = client.post(
        _url(m),
        {"chef_de_file": str(territoire["a"].uuid), "nom": "X", "membres": "12, 999999999"},
    )
    texte = page.content.decode()
    assert page.status_code == 422
    assert "Un numéro SIREN a 9 chiffres : 12." in texte
    assert 'value="X"' in texte


def test_la_page_de_depot_propose_le_groupement(client, m, roles):
    client.force_login(roles["membre_a"])
    page = client.get(reverse("guichet_national:appel_deposer", args=[m["appel"].guichet.slug]))
    assert _url(m) in page.content.decode()


def test_appel_clos_aucun_groupement(client, m, territoire, roles, voisines):
    client.force_login(roles["membre_a"])
    url = reverse("guichet_national:appel_groupement", args=[m["a_venir"].guichet.slug])
    page = client.post(
        url,
        {
            "chef_de_file": str(territoire["a"].uuid),
            "nom": "Ensemble",
            "membres": f"{voisines[0].siren}, {voisines[1].siren}",
            "action": "former",
        },
    )
    assert page.status_code == 422
    assert "n'accepte pas de dépôt en ce moment" in page.content.decode()
    assert not Collectivite.objects.filter(nom__startswith="Groupement ad hoc").exists()
