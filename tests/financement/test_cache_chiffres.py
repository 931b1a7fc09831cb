"""Les chiffres publics en cache : lus sans requête tant que l'argent ne bouge pas, recalculés
dès qu'un service de l'argent a validé sa transaction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fonds.financement.enums import Axe
from tests.financement.conftest import attribuer

pytestmark = pytest.mark.django_db


def _engage_axe3(client) -> str:
    lignes = client.get(reverse("financement:donnees_ouvertes_json")).json()["lignes"]
    return next(ligne["engage"] for ligne in lignes if ligne["code"] == Axe.AXE_3)


def test_donnees_ouvertes_en_cache_puis_renouvelees_a_la_validation(
    client, enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks
):
    assert _engage_axe3(client) == "0.00"
    with CaptureQueriesContext(connection) as ctx:
        _engage_axe3(client)
    assert len(ctx) == 0, "la deuxième lecture vient du cache"

    # Tant que la transaction n'est pas validée, le cache garde les anciens chiffres…
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    assert _engage_axe3(client) == "0.00"
    # …et la validation les renouvelle.
    for rappel in rappels:
        rappel()
    assert _engage_axe3(client) == "8000.00"


def test_tableau_de_bord_en_cache_puis_renouvele(
    client, enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks
):
    url = reverse("financement:tableau_de_bord")
    assert "8\u202f000,00\u00a0€" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    assert "8\u202f000,00\u00a0€" in client.get(url).content.decode()


def test_csv_suit_la_meme_version(
    client, enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks
):
    url = reverse("financement:donnees_ouvertes_csv")
    assert ",8000.00," not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    reponse = client.get(url)
    assert reponse["Content-Disposition"].startswith("attachment")
    assert ",8000.00," in reponse.content.decode()


def test_liste_des_subventions_renouvelee_par_l_argent(
    client, enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks
):
    client.force_login(roles["administrateur"])
    url = reverse("financement:subventions")
    assert "Commune A" not in client.get(url).content.decode().split("<main")[1]
    with django_capture_on_commit_callbacks(execute=True):
        attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    assert "Commune A" in client.get(url).content.decode().split("<main")[1]
