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
from tests.financement.conftest import attribuer, dossier_en_instruction, guichet_de

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]


def _enveloppe_dx(roles, territoire) -> Enveloppe:
    """L'enveloppe de la préfecture de DX (100 000 €)."""
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
    return departement


@pytest.fixture
def subvention(roles, territoire):
    """Une subvention de 8 000 € à la commune A, sur l'enveloppe de la préfecture de DX,
    convention émise."""
    sub = attribuer(
        _enveloppe_dx(roles, territoire),
        territoire["a"],
        roles["instructeur_dx"],
        objet="Guichet numérique",
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
            visiteur.get_by_role("link", name="CSV", exact=True).click()
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


def test_accepter_un_dossier_fait_naitre_la_subvention_sans_ressaisie(
    page, contexte, live_server, connecter, roles, territoire, verifier_accessibilite
):
    """L'agent accepte un dossier sur sa page : le montant proposé vient de la règle du guichet
    (50 % des dépenses éligibles) ; au-delà, la page revient avec l'erreur et ce qui a été
    saisi ; en deçà, la subvention naît, sa convention s'émet, le tableau de bord et les
    données ouvertes la montrent — sans rien retaper."""
    guichet = guichet_de(_enveloppe_dx(roles, territoire), taux_max=Decimal("50"))
    dossier = dossier_en_instruction(
        guichet,
        territoire["a"],
        titre="Portail citoyen",
        cout_eligible=Decimal("20000.00"),
        montant_demande=Decimal("15000.00"),
    )
    connecter(contexte, roles["instructeur_dx"])
    page.goto(f"/dossiers/{dossier.uuid}/")
    expect(page.get_by_text("Subvention proposée")).to_contain_text(euros(Decimal("10000")))
    montant = page.get_by_label("Montant de la subvention (en euros)")
    expect(montant).to_have_value("10000,00")
    verifier_accessibilite(page, "decision proposee")

    page.get_by_label("Motivation de la décision").fill("Projet solide, calendrier réaliste.")
    montant.fill("12 000")
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_text("dépasse ce que permet la règle du guichet")).to_be_visible()
    expect(page.get_by_label("Motivation de la décision")).to_have_value(
        "Projet solide, calendrier réaliste."
    )
    verifier_accessibilite(page, "decision au-dela de la regle")

    page.get_by_label("Montant de la subvention (en euros)").fill("9 500")
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_text("Dossier accepté et subvention engagée")).to_be_visible()
    page.get_by_role("link", name="voir la subvention et sa convention").click()
    expect(page.get_by_role("main")).to_contain_text("Portail citoyen")
    expect(page.get_by_role("main")).to_contain_text(euros(Decimal("9500")))
    page.get_by_role("button", name="Émettre la convention").click()
    expect(page.get_by_role("main")).to_contain_text("convention")
    verifier_accessibilite(page, "subvention nee du dossier")

    page.goto("/tableau-de-bord/")
    expect(page.get_by_role("main")).to_contain_text(euros(Decimal("9500")))
    reponse = page.request.get("/tableau-de-bord/subventions.csv")
    assert reponse.ok and "Portail citoyen" in reponse.text() and "9500.00" in reponse.text()


def test_attribution_exceptionnelle_par_un_administrateur_motivee(
    page, contexte, live_server, connecter, roles, territoire, verifier_accessibilite
):
    """Hors dossier, seul un administrateur attribue une subvention, et jamais sans motif : le
    formulaire revient avec l'erreur et tout ce qui a été saisi, puis la subvention naît avec
    son motif, visible sur sa page."""
    enveloppe = _enveloppe_dx(roles, territoire)
    connecter(contexte, roles["administrateur"])
    page.goto(f"/financement/enveloppes/{enveloppe.uuid}/")
    titre = page.get_by_role("heading", name="Attribution exceptionnelle (hors dossier)")
    expect(titre).to_be_visible()
    verifier_accessibilite(page, "enveloppe vue par l'administrateur")

    # Le champ sert aussi sans script : on y tape le nom, que le serveur résout.
    page.get_by_label("Collectivité bénéficiaire").fill("Commune A")
    page.get_by_label("Objet du projet").fill("Reprise d'un projet pilote")
    page.get_by_label("Coût éligible (en euros)").fill("10 000")
    page.get_by_label("Taux de subvention (%)").fill("50")
    page.get_by_label("Montant de la subvention (en euros)").fill("5 000")
    page.get_by_role("button", name="Attribuer et engager").click()
    # Sans motif : refusée, la saisie est gardée.
    expect(page.get_by_label("Objet du projet")).to_have_value("Reprise d'un projet pilote")
    expect(page.locator(".fr-error-text").first).to_be_visible()
    verifier_accessibilite(page, "attribution exceptionnelle sans motif")
    assert not enveloppe.subventions.exists()

    page.get_by_label("Motif de l'attribution exceptionnelle").fill(
        "Décision du comité de juillet 2021, antérieure au portail."
    )
    page.get_by_role("button", name="Attribuer et engager").click()
    expect(page.get_by_text("La subvention exceptionnelle est attribuée")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Décision du comité de juillet 2021")
    verifier_accessibilite(page, "subvention exceptionnelle")
    subvention = enveloppe.subventions.get()
    assert subvention.dossier is None and subvention.montant == Decimal("5000.00")
