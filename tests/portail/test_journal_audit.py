import csv
import io

import pytest
from django.urls import reverse

from fonds.comptes import services
from tests.comptes.factories import UserFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    texte = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(texte), delimiter=";"))


def test_le_journal_d_audit_exporte_qui_a_fait_quoi_et_pourquoi(client, territoire, roles):
    demandeur = UserFactory(email="demandeur@exemple.fr")
    adhesion = services.demander_adhesion(user=demandeur, collectivite=territoire["a"])
    services.refuser_adhesion(adhesion=adhesion, par=roles["membre_a"], motif="Inconnu")

    client.force_login(roles["administrateur"])
    response = client.get(reverse("portail:journal_audit"), {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    lignes = _csv(response)
    assert lignes[0] == ["Date", "Auteur", "Objet", "Identifiant", "Libellé", "Action", "Motif"]
    refus = [ligne for ligne in lignes if ligne[6] == f"Refusée par {roles['membre_a'].email}"]
    assert len(refus) == 1
    assert refus[0][2] == "adhésion à une collectivité"
    assert refus[0][3] == str(adhesion.uuid)
    dates = [ligne[0] for ligne in lignes[1:]]
    assert len(dates) >= 2


def test_le_journal_d_audit_filtre_par_dates_et_refuse_un_intervalle_inverse(client, roles):
    client.force_login(roles["administrateur"])
    response = client.get(
        reverse("portail:journal_audit"), {"format": "csv", "du": "2030-01-02", "au": "2030-01-01"}
    )
    assert response.status_code == 200
    assert "La date de fin doit suivre la date de début." in response.content.decode()
    response = client.get(
        reverse("portail:journal_audit"), {"format": "csv", "du": "2099-01-01", "au": "2099-12-31"}
    )
    assert len(_csv(response)) == 1  # l'en-tête seul


@pytest.mark.parametrize("role", ["membre_a", "instructeur_dx", "anct", "dinum", "jure"])
def test_le_journal_d_audit_est_reserve_aux_administrateurs(client, roles, role):
    client.force_login(roles[role])
    response = client.get(reverse("portail:journal_audit"), {"format": "csv"})
    assert response.status_code == 403
