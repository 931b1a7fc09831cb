"""Parcours de l'argent : le tableau de bord public et ses données ouvertes, la convention
téléchargée par la commune, sa copie signée déposée, un versement enregistré par l'agent, et
le tableau de bord qui le montre."""

import json
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from fonds.financement import services
from fonds.financement.enums import Axe, NatureEnveloppe, StatutSubvention
from fonds.financement.models import Enveloppe, Versement
from fonds.financement.templatetags.financement import euros
from tests.financement.conftest import attribuer

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def subvention(roles, territoire):
    """Une subvention de 8 000 € à la commune A, sur l'enveloppe de la préfecture de DX,
    convention émise."""
    services.initialiser_fonds(par=roles["administrateur"])
    axe3 = Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_3)
    region = services.creer_enveloppe(
        parent=axe3,
        nom="Région Une",
        nature=NatureEnveloppe.REGION,
        region=territoire["region"],
        montant=Decimal("500000.00"),
        motif="Répartition régionale",
        par=roles["administrateur"],
    )
    departement = services.creer_enveloppe(
        parent=region,
        nom="Département X",
        nature=NatureEnveloppe.DEPARTEMENT,
        region=territoire["region"],
        departement=territoire["dx"],
        montant=Decimal("100000.00"),
        motif="Délégation au département",
        par=roles["instructeur_region"],
    )
    sub = attribuer(
        departement, territoire["a"], roles["instructeur_dx"], objet="Guichet numérique"
    )
    services.emettre_convention(subvention=sub, par=roles["instructeur_dx"])
    sub.refresh_from_db()
    return sub


def cellule_verse(page, ligne: str):
    """La cellule « Versé » de la ligne `ligne` du tableau « Par département »."""
    tableau = page.get_by_role("table", name="Consommation par département")
    return (
        tableau.get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name=ligne))
        .get_by_role("cell")
        .nth(2)
    )


def test_convention_signee_versement_et_tableau_de_bord(
    page, contexte, navigateur, live_server, connecter, roles, subvention, verifier_accessibilite
):
    # Le public : le tableau de bord et ses données ouvertes.
    public = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        visiteur = public.new_page()
        visiteur.goto("/tableau-de-bord/")
        verifier_accessibilite(visiteur, "tableau de bord public")
        expect(cellule_verse(visiteur, "Département X")).to_have_text(euros(Decimal(0)))
        with visiteur.expect_download() as telechargement:
            visiteur.get_by_role("link", name="CSV").click()
        assert telechargement.value.suggested_filename.endswith(".csv")
        reponse = visiteur.request.get("/tableau-de-bord/donnees.json")
        assert reponse.ok
        assert "json" in reponse.headers["content-type"]
        json.loads(reponse.text())
    finally:
        public.close()

    # La commune télécharge sa convention et en dépose la copie signée.
    connecter(contexte, roles["membre_a"])
    page.goto("/financement/mes-subventions/")
    verifier_accessibilite(page, "mes subventions")
    page.get_by_role("link", name="Guichet numérique").click()
    verifier_accessibilite(page, "subvention vue par la commune")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger la convention (PDF)").click()
    chemin = telechargement.value.path()
    pdf = chemin.read_bytes()
    assert pdf.startswith(b"%PDF-")

    # Le faux pas : une page web enregistrée sous un nom en .pdf.
    page.get_by_label("Convention signée").set_input_files(
        files=[
            {
                "name": "convention-signee.pdf",
                "mimeType": "application/pdf",
                "buffer": b"<html>pas un pdf</html>",
            }
        ]
    )
    page.get_by_role("button", name="Déposer la convention signée").click()
    expect(page.get_by_text("Ce fichier n'est pas un PDF")).to_be_visible()
    verifier_accessibilite(page, "copie signee refusee")
    assert not subvention.conventions.get().fichier_signe

    page.get_by_label("Convention signée").set_input_files(
        files=[{"name": "convention-signee.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name="Déposer la convention signée").click()
    expect(page.get_by_text("La convention signée est déposée ; merci.")).to_be_visible()
    verifier_accessibilite(page, "copie signee deposee")

    # L'instructeur contresigne et enregistre un versement.
    agent = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        connecter(agent, roles["instructeur_dx"])
        instructeur = agent.new_page()
        instructeur.goto(f"/financement/subventions/{subvention.uuid}/")
        verifier_accessibilite(instructeur, "subvention vue par l'instructeur")
        instructeur.get_by_role("button", name="Contresigner").click()
        expect(instructeur.get_by_text("La convention est contresignée.")).to_be_visible()
        instructeur.get_by_label("Type de versement").select_option(label="Avance")
        instructeur.get_by_label("Montant (en euros)").fill("2 400,00")
        instructeur.get_by_label("Date du versement").fill("2026-03-01")
        instructeur.get_by_label("Référence comptable").fill("AV-2026-17")
        instructeur.get_by_role("button", name="Enregistrer le versement").dblclick()
        expect(instructeur.get_by_role("main")).to_contain_text("AV-2026-17")
        instructeur.wait_for_load_state("networkidle")
        verifier_accessibilite(instructeur, "versement enregistre")
    finally:
        agent.close()
    assert Versement.objects.filter(subvention=subvention).count() == 1
    subvention.refresh_from_db()
    assert subvention.statut == StatutSubvention.EN_PAIEMENT

    page.goto("/tableau-de-bord/")
    expect(cellule_verse(page, "Département X")).to_have_text(euros(Decimal("2400.00")))
    verifier_accessibilite(page, "tableau de bord apres versement")
