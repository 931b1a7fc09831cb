import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fonds.financement import services
from fonds.financement.enums import StatutSubvention, TypeVersement
from fonds.financement.models import Versement
from tests.financement.conftest import attribuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def subvention(enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks):
    sub = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    with django_capture_on_commit_callbacks(execute=True):
        services.emettre_convention(subvention=sub, par=roles["instructeur_dx"])
    sub.refresh_from_db()
    return sub


def test_page_et_telechargement_reserves(client, subvention, roles):
    convention = subvention.conventions.get()
    url = reverse("financement:telecharger_convention", args=[convention.uuid])
    for qui in ("membre_b", "instructeur_dy", "dinum", "jure"):
        client.force_login(roles[qui])
        assert client.get(url).status_code == 403
        page = client.get(reverse("financement:subvention", args=[subvention.uuid]))
        assert page.status_code == 404
    client.force_login(roles["membre_a"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    page = client.get(reverse("financement:subvention", args=[subvention.uuid]))
    assert "Déposer la convention signée" in page.content.decode()


def test_copie_signee_pas_un_pdf_erreur_pres_du_champ(client, subvention, roles):
    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("financement:deposer_convention_signee", args=[subvention.uuid]),
        {"fichier": SimpleUploadedFile("signee.pdf", b"<html>pas un pdf</html>")},
    )
    assert response.status_code == 422
    contenu = response.content.decode()
    assert "Ce fichier n&#x27;est pas un PDF" in contenu
    assert "fr-upload-group--error" in contenu
    assert not subvention.conventions.get().fichier_signe


def test_parcours_signature_puis_versement_trop_eleve(client, subvention, roles):
    convention = subvention.conventions.get()
    with convention.fichier.open("rb") as f:
        pdf = f.read()
    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("financement:deposer_convention_signee", args=[subvention.uuid]),
        {"fichier": SimpleUploadedFile("signee.pdf", pdf, "application/pdf")},
    )
    assert response.status_code == 302
    client.force_login(roles["instructeur_dx"])
    client.post(reverse("financement:contresigner_convention", args=[subvention.uuid]))
    subvention.refresh_from_db()
    assert subvention.statut == StatutSubvention.SIGNEE

    url = reverse("financement:enregistrer_versement", args=[subvention.uuid])
    donnees = {"type": TypeVersement.AVANCE, "date": "2026-03-01", "reference": "AV-2026-17"}
    response = client.post(url, {**donnees, "montant": "8000,01"})
    assert response.status_code == 422
    contenu = response.content.decode()
    assert "Il reste 8" in contenu and "impossible de verser" in contenu
    assert 'value="AV-2026-17"' in contenu and 'value="8000,01"' in contenu
    for malforme, message in [
        ("-5", "supérieur à zéro"),
        ("12,345", "deux chiffres"),
        ("douze", "Saisissez un montant"),
    ]:
        response = client.post(url, {**donnees, "montant": malforme})
        assert response.status_code == 422
        assert message in response.content.decode()
    assert not Versement.objects.exists()
    response = client.post(url, {**donnees, "montant": "2 400,00"})
    assert response.status_code == 302
    assert Versement.objects.get().montant == Decimal("2400.00")
    assert Versement.objects.get().date == datetime.date(2026, 3, 1)


def test_annulation_par_la_page(client, subvention, roles):
    client.force_login(roles["instructeur_dx"])
    url = reverse("financement:annuler_subvention", args=[subvention.uuid])
    assert client.post(url, {"motif": ""}).status_code == 422
    assert client.post(url, {"motif": "Renoncement"}).status_code == 302
    subvention.refresh_from_db()
    assert subvention.statut == StatutSubvention.ANNULEE
    client.force_login(roles["membre_a"])
    assert client.post(url, {"motif": "x"}).status_code == 403


def test_mes_subventions(client, subvention, roles):
    client.force_login(roles["membre_a"])
    assert subvention.objet in client.get(reverse("financement:mes_subventions")).content.decode()
    client.force_login(roles["membre_b"])
    contenu = client.get(reverse("financement:mes_subventions")).content.decode()
    assert subvention.objet not in contenu


def test_page_subvention_requetes_bornees(client, subvention, roles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(roles["instructeur_dx"])
    url = reverse("financement:subvention", args=[subvention.uuid])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx) <= 15, "\n".join(q["sql"] for q in ctx.captured_queries)


def test_decheance_par_la_page(client, subvention, roles):
    from fonds.financement.models import Subvention

    Subvention.objects.filter(pk=subvention.pk).update(statut=StatutSubvention.EN_PAIEMENT)
    client.force_login(roles["instructeur_dx"])
    page = client.get(reverse("financement:subvention", args=[subvention.uuid])).content.decode()
    assert reverse("financement:prononcer_decheance", args=[subvention.uuid]) in page
    url = reverse("financement:prononcer_decheance", args=[subvention.uuid])
    assert client.post(url, {"motif": "Projet abandonné"}).status_code == 302
    subvention.refresh_from_db()
    assert subvention.statut == StatutSubvention.DECHUE
