"""Une génération de PDF de convention qui échoue est notée, visible des agents, relancée."""

import pytest
from django.urls import reverse

from fonds.financement import services
from fonds.financement.models import Convention

from .conftest import attribuer


@pytest.mark.django_db
def test_echec_de_generation_visible_puis_relance(
    enveloppe_dx, territoire, roles, client, monkeypatch, django_capture_on_commit_callbacks
):
    subvention = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    rendu = services.rendre_pdf_convention

    def en_panne(convention):
        raise RuntimeError("WeasyPrint indisponible")

    monkeypatch.setattr(services.conventions, "rendre_pdf_convention", en_panne)
    with django_capture_on_commit_callbacks(execute=True):
        services.emettre_convention(subvention=subvention, par=roles["instructeur_dx"])
    convention = Convention.objects.get(subvention=subvention)
    assert not convention.fichier
    assert convention.tentatives_generation == 1
    assert "WeasyPrint indisponible" in convention.erreur_generation

    client.force_login(roles["instructeur_dx"])
    page = client.get(reverse("financement:subvention", args=[subvention.uuid])).content.decode()
    assert "La génération du PDF a échoué (1 tentative)" in page

    monkeypatch.setattr(services.conventions, "rendre_pdf_convention", rendu)
    Convention.objects.filter(pk=convention.pk).update(
        emise_le=convention.emise_le.replace(year=2021)
    )
    assert services.relancer_conventions_en_attente() == 1
    convention.refresh_from_db()
    assert convention.fichier and convention.erreur_generation == ""
    assert services.relancer_conventions_en_attente() == 0
