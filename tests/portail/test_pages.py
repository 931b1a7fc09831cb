import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_accueil_public(client):
    response = client.get(reverse("portail:accueil"))
    assert response.status_code == 200


def test_mon_espace_demande_connexion(client):
    response = client.get(reverse("portail:mon_espace"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
