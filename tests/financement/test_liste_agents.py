import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fonds.financement.enums import Axe
from tests.collectivites.factories import CollectiviteFactory
from tests.financement.conftest import attribuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def subventions(enveloppe_dx, fonds, territoire, roles):
    return {
        "dx": attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"], objet="Projet DX"),
        "axe2": attribuer(
            fonds[Axe.AXE_2], territoire["b"], roles["dinum"], objet="Projet DY", montant="5000.00"
        ),
    }


def _csv(response):
    contenu = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(contenu), delimiter=";"))


def _xlsx(response):
    classeur = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    lignes = [list(r) for r in classeur.active.iter_rows(values_only=True)]
    classeur.close()
    return lignes


def test_perimetre_de_la_liste_et_des_exports(client, subventions, roles):
    attendus = {
        "instructeur_dx": {"Projet DX"},
        "instructeur_dy": set(),
        "instructeur_region": {"Projet DX"},
        "dinum": {"Projet DY"},
        "anct": set(),
        "administrateur": {"Projet DX", "Projet DY"},
    }
    for qui, objets in attendus.items():
        client.force_login(roles[qui])
        page = client.get(reverse("financement:subventions")).content.decode()
        assert {o for o in ("Projet DX", "Projet DY") if o in page} == objets, qui
        lignes = _csv(client.get(reverse("financement:exporter_subventions_csv")))
        assert {ligne[8] for ligne in lignes[1:]} == objets, qui
        lignes = _xlsx(client.get(reverse("financement:exporter_subventions_xlsx")))
        assert {ligne[8] for ligne in lignes[1:]} == objets, qui
    for qui in ("membre_a", "jure", "partenaire"):
        client.force_login(roles[qui])
        assert client.get(reverse("financement:subventions")).status_code == 403
        assert client.get(reverse("financement:exporter_subventions_csv")).status_code == 403


def test_les_exports_suivent_les_filtres(client, subventions, roles, territoire):
    client.force_login(roles["administrateur"])
    filtres = {"axe": "axe3", "montant_min": "6000", "tri": "-montant"}
    page = client.get(reverse("financement:subventions"), filtres).content.decode()
    assert "Projet DX" in page and "Projet DY" not in page
    lignes = _csv(client.get(reverse("financement:exporter_subventions_csv"), filtres))
    assert [ligne[8] for ligne in lignes[1:]] == ["Projet DX"]
    assert lignes[1][11] == "8000,00"
    lignes = _csv(
        client.get(
            reverse("financement:exporter_subventions_csv"), {"departement": territoire["dy"].pk}
        )
    )
    assert [ligne[8] for ligne in lignes[1:]] == ["Projet DY"]
    lignes = _xlsx(
        client.get(reverse("financement:exporter_subventions_xlsx"), {"montant_max": "5000"})
    )
    assert [ligne[8] for ligne in lignes[1:]] == ["Projet DY"]
    assert lignes[1][11] == Decimal("5000.00") or lignes[1][11] == 5000


def test_nombre_de_requetes_constant(
    client, enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks
):
    """Mesuré page rendue : les attributions validées renouvellent la page en cache."""
    client.force_login(roles["instructeur_dx"])
    attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])

    def compter():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("financement:subventions")).status_code == 200
        return len(ctx)

    peu = compter()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(30):
            attribuer(
                enveloppe_dx,
                CollectiviteFactory(departement=territoire["dx"]),
                roles["instructeur_dx"],
                montant="100.00",
                objet=f"Projet {i}",
            )
    assert compter() == peu, "Une requête de plus par ligne ? Ajoutez un select_related."


def test_pas_de_formule_dans_les_exports(client, enveloppe_dx, territoire, roles):
    attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"], objet='=HYPERLINK("x")')
    client.force_login(roles["instructeur_dx"])
    lignes = _csv(client.get(reverse("financement:exporter_subventions_csv")))
    assert lignes[1][8] == '\'=HYPERLINK("x")'
    lignes = _xlsx(client.get(reverse("financement:exporter_subventions_xlsx")))
    assert lignes[1][8] == '\'=HYPERLINK("x")'
