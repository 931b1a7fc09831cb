"""Journal de sécurité : connexions, échecs (sans mot de passe), déconnexions, refus d'accès."""

import logging

import pytest
from django.urls import reverse

from fonds.comptes.enums import StatutAdhesion
from tests.comptes.factories import AdhesionFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGGER = "fonds.securite"


def _messages(caplog):
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


def test_connexion_reussie_journalisee(client, caplog):
    user = UserFactory(email="agent@commune.fr")
    with caplog.at_level(logging.INFO, logger=LOGGER):
        response = client.post(
            reverse("account_login"),
            {"login": "agent@commune.fr", "password": "mot-de-passe-de-test"},
        )
    assert response.status_code == 302
    assert any(
        "connexion réussie" in m and "agent@commune.fr" in m and f"id {user.pk}" in m
        for m in _messages(caplog)
    ), _messages(caplog)


def test_connexion_echouee_journalisee_sans_le_mot_de_passe(client, caplog):
    UserFactory(email="agent@commune.fr")
    with caplog.at_level(logging.INFO, logger=LOGGER):
        client.post(
            reverse("account_login"),
            {"login": "agent@commune.fr", "password": "secret-tres-prive-42"},
        )
    messages = _messages(caplog)
    assert any("connexion échouée" in m and "agent@commune.fr" in m for m in messages), messages
    assert [r for r in caplog.records if r.name == LOGGER][-1].levelno == logging.WARNING
    assert not any("secret-tres-prive-42" in r.getMessage() for r in caplog.records)
    assert "secret-tres-prive-42" not in caplog.text


def test_deconnexion_journalisee(client, caplog):
    user = UserFactory(email="agent@commune.fr")
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger=LOGGER):
        client.post(reverse("account_logout"))
    assert any("déconnexion" in m and "agent@commune.fr" in m for m in _messages(caplog))


def test_acces_refuse_journalise_et_page_403(client, territoire, caplog):
    demande = AdhesionFactory(collectivite=territoire["a"], statut=StatutAdhesion.EN_ATTENTE)
    intrus = UserFactory(email="intrus@ailleurs.fr")
    client.force_login(intrus)
    url = reverse("comptes:valider_adhesion", args=[demande.uuid])
    with caplog.at_level(logging.INFO, logger=LOGGER):
        response = client.post(url)
    assert response.status_code == 403
    contenu = response.content.decode()
    assert "Accès refusé" in contenu
    assert "ne vous concerne pas" in contenu
    refus = [m for m in _messages(caplog) if "accès refusé" in m]
    assert len(refus) == 1, _messages(caplog)
    assert "intrus@ailleurs.fr" in refus[0]
    assert f"POST {url}" in refus[0]
    demande.refresh_from_db()
    assert demande.statut == StatutAdhesion.EN_ATTENTE


def test_un_refus_est_journalise_une_fois_en_une_ligne(client, territoire, caplog):
    """Le refus passe par « fonds.securite » ; « django.request » ne le journalise pas une
    seconde fois avec toute la pile."""
    demande = AdhesionFactory(collectivite=territoire["a"], statut=StatutAdhesion.EN_ATTENTE)
    client.force_login(UserFactory())
    with caplog.at_level(logging.INFO):
        response = client.post(reverse("comptes:valider_adhesion", args=[demande.uuid]))
    assert response.status_code == 403
    lignes = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in lignes] == [LOGGER], [r.getMessage() for r in lignes]
    assert lignes[0].exc_info is None
    assert "\n" not in lignes[0].getMessage()
