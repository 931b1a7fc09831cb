"""Parcours de l'administrateur : le journal d'audit, une erreur de dates, puis l'export."""

import pytest
from playwright.sync_api import expect

from fonds.comptes import services

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]


def test_l_administrateur_exporte_le_journal_d_audit(
    page, contexte, connecter, roles, territoire, verifier_accessibilite
):
    adhesion = services.demander_adhesion(
        user=roles["sans_collectivite"], collectivite=territoire["a"]
    )
    services.valider_adhesion(adhesion=adhesion, par=roles["membre_a"])

    connecter(contexte, roles["administrateur"])
    page.goto("/")
    page.get_by_role("link", name="Journal d'audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal d'audit")
    verifier_accessibilite(page, "journal d'audit")

    # Le faux pas : une fin avant le début ; le message est près du champ, les dates restent.
    page.get_by_label("Du").fill("2026-03-02")
    page.get_by_label("Au").fill("2026-03-01")
    page.get_by_role("button", name="Exporter le journal (CSV)").click()
    expect(page.get_by_text("La date de fin doit suivre la date de début.")).to_be_visible()
    expect(page.get_by_label("Du")).to_have_value("2026-03-02")
    verifier_accessibilite(page, "journal d'audit en erreur")

    page.get_by_label("Du").fill("")
    page.get_by_label("Au").fill("")
    with page.expect_download() as telechargement:
        page.get_by_role("button", name="Exporter le journal (CSV)").click()
    contenu = telechargement.value.path().read_text(encoding="utf-8-sig")
    assert f"Validée par {roles['membre_a'].email}" in contenu
