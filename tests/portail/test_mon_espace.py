import pytest
from django.urls import reverse

from fonds.comptes.enums import StatutAdhesion
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _requetes(client, django_assert_max_num_queries, user, budget):
    client.force_login(user)
    with django_assert_max_num_queries(budget) as contexte:
        response = client.get(reverse("portail:mon_espace"))
    assert response.status_code == 200
    return len(contexte.captured_queries)


def test_mon_espace_a_un_nombre_de_requetes_constant(client, django_assert_max_num_queries):
    user = UserFactory()
    AdhesionFactory(user=user)
    peu = _requetes(client, django_assert_max_num_queries, user, 12)
    for _ in range(15):
        AdhesionFactory(user=user)
        AdhesionFactory(user=user, statut=StatutAdhesion.EN_ATTENTE)
    CollectiviteFactory.create_batch(50)
    beaucoup = _requetes(client, django_assert_max_num_queries, user, 12)
    assert peu == beaucoup, "Mon espace fait plus de requêtes quand les données augmentent."


def test_mon_espace_affiche_la_collectivite_choisie(client):
    user = UserFactory()
    a = AdhesionFactory(user=user, collectivite__nom="Aubagne").collectivite
    b = AdhesionFactory(user=user, collectivite__nom="Besançon").collectivite
    client.force_login(user)
    assert "— Aubagne" in client.get(reverse("portail:mon_espace")).content.decode()
    contenu = client.get(reverse("portail:mon_espace"), {"collectivite": b.uuid}).content.decode()
    assert "— Besançon" in contenu
    assert a.nom in contenu  # dans le sélecteur


def test_mon_espace_ne_montre_pas_une_collectivite_dont_on_n_est_pas_membre(client):
    user = UserFactory()
    AdhesionFactory(user=user, collectivite__nom="Aubagne")
    autre = CollectiviteFactory(nom="Collectivité d'autrui")
    client.force_login(user)
    contenu = client.get(reverse("portail:mon_espace"), {"collectivite": autre.uuid})
    assert "Collectivité d'autrui" not in contenu.content.decode()


def test_mon_espace_d_une_personne_en_attente(client):
    adhesion = AdhesionFactory(statut=StatutAdhesion.EN_ATTENTE, collectivite__nom="Cahors")
    client.force_login(adhesion.user)
    contenu = client.get(reverse("portail:mon_espace")).content.decode()
    assert "attend d'être vérifiée" in contenu
    assert "Demander à rejoindre une collectivité" in contenu
