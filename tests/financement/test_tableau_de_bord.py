import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fonds.financement import services
from fonds.financement.cache import invalider_chiffres
from fonds.financement.enums import Axe, StatutSubvention, TypeVersement
from fonds.financement.models import Subvention
from tests.collectivites.factories import CollectiviteFactory
from tests.financement.conftest import attribuer

pytestmark = pytest.mark.django_db


def _compter(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response


def test_tableau_public_chiffres_et_donnees_ouvertes(
    client, enveloppe_dx, fonds, territoire, roles
):
    sub = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    attribuer(fonds[Axe.AXE_2], territoire["b"], roles["dinum"], montant="5000.00")
    Subvention.objects.filter(pk=sub.pk).update(statut=StatutSubvention.SIGNEE)
    sub.refresh_from_db()
    services.enregistrer_versement(
        subvention=sub,
        type=TypeVersement.AVANCE,
        montant=Decimal("2400.00"),
        date=datetime.date(2026, 1, 5),
        reference="AV",
        par=roles["instructeur_dx"],
    )
    n, response = _compter(client, reverse("financement:tableau_de_bord"))  # anonyme
    contenu = response.content.decode()
    assert "<svg" in contenu and '<title id="graphique-titre">' in contenu
    assert "30\u202f000\u202f000,00\u00a0€" in contenu  # dotation de l'axe 1
    assert "Département X" in contenu and "Département Y" in contenu

    donnees = client.get(reverse("financement:donnees_ouvertes_json")).json()
    par_code = {(ligne["niveau"], ligne["code"]): ligne for ligne in donnees["lignes"]}
    assert par_code[("axe", "axe3")] == {
        "niveau": "axe",
        "code": "axe3",
        "libelle": Axe.AXE_3.label,
        "dotation": "34000000.00",
        "engage": "8000.00",
        "verse": "2400.00",
        "disponible": "33992000.00",
    }
    assert par_code[("departement", "DX")]["dotation"] == "100000.00"
    assert par_code[("departement", "DX")]["disponible"] == "92000.00"
    assert par_code[("region", "R1")]["dotation"] == "500000.00"
    assert par_code[("region", "R1")]["disponible"] == "492000.00"
    assert par_code[("region", "R1")]["engage"] == "13000.00"  # axes 2 et 3
    assert par_code[("departement", "DY")]["dotation"] is None  # pas d'enveloppe à DY

    lignes = list(
        csv.reader(
            io.StringIO(client.get(reverse("financement:donnees_ouvertes_csv")).content.decode())
        )
    )
    assert lignes[0] == ["niveau", "code", "libelle", "dotation", "engage", "verse", "disponible"]
    assert [
        "axe",
        "axe3",
        Axe.AXE_3.label,
        "34000000.00",
        "8000.00",
        "2400.00",
        "33992000.00",
    ] in lignes

    # Nombre de requêtes constant quand le volume grandit.
    for i in range(25):
        attribuer(
            enveloppe_dx,
            CollectiviteFactory(departement=territoire["dx"]),
            roles["instructeur_dx"],
            montant="100.00",
            objet=f"P{i}",
        )
        attribuer(fonds[Axe.AXE_1], CollectiviteFactory(), roles["anct"], montant="100.00")
    # Les services renouvellent les chiffres en cache à la validation, qui n'a pas lieu dans
    # la transaction du test : on le fait à sa place.
    invalider_chiffres()
    n_apres, _ = _compter(client, reverse("financement:tableau_de_bord"))
    assert n_apres == n, "Le tableau de bord doit rester en requêtes agrégées."
    n_json, _ = _compter(client, reverse("financement:donnees_ouvertes_json"))
    assert n_json <= n
