"""Parcours de l'axe 3, depuis la démonstration : l'administratrice répartit l'axe entre les
régions (proposition au prorata, aperçu, confirmation) ; la préfecture de
Bourgogne-Franche-Comté délègue au Doubs, se voit refuser une délégation au-delà de ce que la
région a de libre (saisie gardée), reprend l'argent non utilisé, puis ouvre le guichet du
Doubs (une clôture avant l'ouverture est refusée, saisie gardée)."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from fonds import contributions
from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite
from fonds.comptes.models import User
from fonds.dossiers.models import Dossier
from fonds.financement.enums import NatureEnveloppe
from fonds.financement.models import Enveloppe, Subvention
from guichets_territoriaux.models import Critere
from tests.comptes.factories import AdhesionFactory
from tests.dossiers.factories import PDF
from tests.parcours.gestes import cocher

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demonstration():
    call_command("charger_registre", verbosity=0)
    contributions.demo(contributions.Demo(site="http://testserver", ecrire=lambda _: None))


def _session(navigateur, live_server, connecter, email):
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    connecter(contexte, User.objects.get(email=email))
    return contexte


def test_repartition_delegation_et_reprise(
    demonstration, navigateur, live_server, connecter, verifier_accessibilite
):
    admin = _session(navigateur, live_server, connecter, "admin@demo.fonds.gouv.fr")
    try:
        page = admin.new_page()
        page.goto("/territoires/")
        verifier_accessibilite(page, "vue nationale de l'axe 3")
        page.get_by_role("link", name="Répartir entre les régions").click()
        verifier_accessibilite(page, "proposition de repartition")
        page.get_by_role("button", name="Voir l'aperçu").click()
        expect(page.get_by_role("heading", name="Aperçu : vérifiez puis confirmez")).to_be_visible()
        verifier_accessibilite(page, "apercu de la repartition")
        page.get_by_role("button", name="Confirmer la répartition").click()
        expect(page.locator("tbody")).to_contain_text("Bourgogne-Franche-Comté")
    finally:
        admin.close()

    prefecture = _session(navigateur, live_server, connecter, "prefecture-bfc@demo.fonds.gouv.fr")
    try:
        page = prefecture.new_page()
        # Son entrée : Mon espace, qui mène aux enveloppes de l'axe 3 de son territoire.
        page.goto("/mon-espace/")
        section = page.locator("section", has=page.locator("#prefecture-axe3-titre"))
        expect(section).to_contain_text("Bourgogne-Franche-Comté (région)")
        verifier_accessibilite(page, "mon espace de la prefecture de region")
        section.get_by_role("link", name="déléguer aux départements").click()
        verifier_accessibilite(page, "page de la prefecture de region")
        page.get_by_label("Département", exact=True).select_option(label="Doubs (25)")
        page.get_by_label("Montant délégué (en euros)").fill("999 999 999")
        page.get_by_label("Motif", exact=True).first.fill("Guichet du Doubs")
        page.get_by_role("button", name="Déléguer").click()
        expect(page.locator(".fr-error-text").first).to_contain_text("Il ne reste que")
        expect(page.get_by_label("Motif", exact=True).first).to_have_value("Guichet du Doubs")
        verifier_accessibilite(page, "delegation refusee")

        page.get_by_label("Montant délégué (en euros)").fill("100 000")
        page.get_by_role("button", name="Déléguer").click()
        expect(page.locator("tbody").first).to_contain_text("Doubs (25)")

        page.get_by_label("Enveloppe du département").select_option(label="Doubs")
        page.get_by_label("Montant repris (en euros)").fill("20 000")
        page.get_by_label("Motif", exact=True).last.fill("Crédits non utilisés")
        page.get_by_role("button", name="Reprendre").click()
        expect(page.locator("tbody").first).to_contain_text("Doubs (25)")
        verifier_accessibilite(page, "apres la reprise")

        # La préfecture ouvre le guichet du Doubs, sur l'enveloppe déléguée.
        page.get_by_role("link", name="Ouvrir le guichet de Doubs").click()
        verifier_accessibilite(page, "ouverture du guichet")
        page.get_by_label("Ouverture des dépôts").fill(timezone.localdate().isoformat())
        page.get_by_label("Clôture des dépôts").fill(timezone.localdate().isoformat())
        page.get_by_label("Population maximale des demandeurs").fill("20000")
        cocher(page, "Cybersécurité")
        cocher(page, "Services en ligne et dématérialisation")
        page.get_by_role("button", name="Ouvrir le guichet").click()
        expect(page.locator(".fr-error-text").first).to_contain_text("La clôture doit suivre")
        expect(page.get_by_label("Population maximale des demandeurs")).to_have_value("20000")
        page.get_by_label("Clôture des dépôts").fill("")
        page.get_by_role("button", name="Ouvrir le guichet").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Doubs")
        verifier_accessibilite(page, "guichet du doubs ouvert")
    finally:
        prefecture.close()
    dossier = _deposer_depuis_mon_espace(navigateur, live_server, connecter, verifier_accessibilite)
    _instruire(navigateur, live_server, connecter, verifier_accessibilite, dossier)
    doubs = Enveloppe.objects.get(nature=NatureEnveloppe.DEPARTEMENT, departement__code="25")
    assert doubs.montant == 80000
    assert doubs.guichets.get().categories[0][0] == "services_en_ligne"


def _deposer_depuis_mon_espace(navigateur, live_server, connecter, verifier_accessibilite):
    """Une petite commune du Doubs atterrit au guichet du Doubs ; Besançon, au-dessus du
    plafond (20 000 habitants), le sait avant d'écrire et voit le lien vers le national."""
    doubs = Collectivite.objects.filter(departement__code="25", nature=Nature.COMMUNE)
    petite = doubs.filter(population__lt=2000).order_by("code_insee").first()
    grande = doubs.get(code_insee="25056")
    for commune, attendu in ((grande, "plafond"), (petite, "depot")):
        contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
        try:
            connecter(contexte, AdhesionFactory(collectivite=commune).user)
            page = contexte.new_page()
            page.goto("/mon-espace/")
            page.get_by_role("link", name="Déposer un projet au guichet territorial").click()
            expect(page.locator("#aiguillage")).to_contain_text("Doubs")
            verifier_accessibilite(page, f"aiguillage {attendu}")
            if attendu == "plafond":
                expect(page.locator("#plafond")).to_contain_text("20000 habitants au plus")
                expect(page.get_by_role("link", name="guichets nationaux du fonds")).to_be_visible()
                expect(page.get_by_role("button", name="Commencer un dossier")).to_have_count(0)
            else:
                page.get_by_role("button", name="Commencer un dossier à ce guichet").click()
                verifier_accessibilite(page, "formulaire du dossier territorial")
                _remplir_et_deposer(page)
        finally:
            contexte.close()
    dossier = Dossier.objects.get(collectivite=petite)
    assert dossier.guichet.departement.code == "25"
    assert dossier.etat == "depose"
    return dossier


def _remplir_et_deposer(page):
    page.get_by_label("Titre du projet").fill("Prise de rendez-vous en ligne")
    page.get_by_label("Description du projet").fill("Les rendez-vous de la mairie en ligne.")
    page.get_by_label("Montant demandé (en euros)").fill("12 000")
    page.get_by_label("Sorte de dépense").select_option("services_en_ligne")
    page.get_by_label("Équipe projet").fill("La secrétaire de mairie et un prestataire.")
    page.get_by_label("Usagers visés").fill("900 habitants ; besoin confirmé en réunion.")
    page.get_by_label("Budget total du projet (en euros)").fill("18 000")
    page.get_by_role("textbox", name="Plan de financement").fill("Autofinancement : 6 000 €.")
    for libelle in ("Délibération ou décision de l'exécutif", "Budget prévisionnel"):
        page.get_by_label(libelle).set_input_files(
            {"name": "piece.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
    page.get_by_role("button", name="Déposer le dossier", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prise de rendez-vous")


def _instruire(navigateur, live_server, connecter, verifier_accessibilite, dossier):
    """La préfecture de Côte-d'Or n'instruit pas un dossier du Doubs (403) ; la préfecture de
    région le passe en instruction, note les cinq critères et l'accepte avec un CRTE."""
    autre = _session(navigateur, live_server, connecter, "prefecture21@demo.fonds.gouv.fr")
    try:
        page = autre.new_page()
        reponse = page.goto(f"/territoires/dossiers/{dossier.uuid}/")
        assert reponse.status == 403
    finally:
        autre.close()
    region = _session(navigateur, live_server, connecter, "prefecture-bfc@demo.fonds.gouv.fr")
    try:
        page = region.new_page()
        page.goto(f"/dossiers/{dossier.uuid}/")
        page.get_by_role("button", name="Passer en instruction").click()
        page.get_by_role("link", name="Noter les cinq critères et décider").click()
        verifier_accessibilite(page, "instruction territoriale")
        for critere in Critere:
            page.get_by_label(f"{critere.label} : note").select_option("4")
            page.get_by_label(f"{critere.label} : justification").fill("Solide et documenté.")
        page.get_by_label(f"{Critere.EFFETS.label} : note").select_option("5")
        page.get_by_role("button", name="Enregistrer les notes").click()
        expect(page.locator("#total-notes")).to_contain_text("21/25")
        cocher(page, "Accepter")
        page.get_by_label("Montant accordé (en euros)").fill("10 000")
        cocher(page, "Contrat de relance et de transition écologique")
        page.get_by_role("button", name="Enregistrer la décision").click()
        expect(page.locator(".fr-error-text").first).to_contain_text("référence du CRTE")
        verifier_accessibilite(page, "decision sans reference crte")
        page.get_by_label("Référence du CRTE").fill("CRTE-25-014")
        page.get_by_role("button", name="Enregistrer la décision").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Prise de rendez-vous")

        # Le préfet de région voit la consommation de chaque guichet de sa région.
        page.goto("/territoires/regions/27/")
        page.get_by_role("link", name="Vue régionale des guichets").click()
        ligne = page.locator("tbody tr").filter(has_text="Doubs")
        expect(ligne).to_contain_text("10 000,00")
        expect(page.locator("tbody")).to_contain_text("Saône-et-Loire")
        expect(page.get_by_role("img", name="Consommation de l'enveloppe")).to_be_visible()
        verifier_accessibilite(page, "vue regionale")
    finally:
        region.close()
    subvention = Subvention.objects.get(dossier=dossier)
    assert (subvention.reference_crte, subvention.montant) == ("CRTE-25-014", 10000)
