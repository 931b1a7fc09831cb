"""Parcours d'un appel à projets national, depuis la démonstration : la commune de Beaune
apprend qu'elle n'est pas éligible et où aller, puis forme un groupement ad hoc avec Dijon
Métropole (encore trop petit) et la Côte-d'Or (éligible : un membre couvre un département) ;
la Côte-d'Or dépose un projet (une erreur de budget d'abord, sa saisie gardée) ; la DINUM le
pré-sélectionne ; trois jurés : deux notent, le troisième (DSI de Dijon, partenaire du projet)
est refusé ; la séance classe, montre le total courant face à l'enveloppe ; la DINUM désigne
le lauréat et la subvention suit."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from fonds import contributions
from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite
from fonds.comptes.models import User
from fonds.dossiers.models import Dossier
from guichet_national.demo_appels import SLUG_OUVERT
from tests.parcours.gestes import cocher

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AU_JURY = "Entrepôt de données sociales"
DIJON_METROPOLE = "242100410"


@pytest.fixture
def demonstration():
    call_command("charger_registre", verbosity=0)
    contributions.demo(contributions.Demo(site="http://testserver", ecrire=lambda _: None))


def _session(navigateur, live_server, connecter, email):
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    connecter(contexte, User.objects.get(email=email))
    return contexte, contexte.new_page()


def _deposer(page, *, montant_2: str):
    page.get_by_label("Titre du projet").fill("Portail des démarches sociales")
    for libelle in ("Contexte", "Objectifs", "Usagers concernés", "Livrables", "Calendrier"):
        page.get_by_label(libelle, exact=True).fill(f"{libelle} du projet.")
    page.get_by_label("Plan de financement").fill("Autofinancement du reste.")
    page.get_by_label("Dépense 1 : libellé").fill("Développement")
    page.get_by_label("Dépense 1 : montant HT (en euros)").fill("100 000")
    page.get_by_label("Dépense 2 : libellé").fill("Formation des agents")
    page.get_by_label("Dépense 2 : montant HT (en euros)").fill(montant_2)
    page.get_by_label("Délibération").set_input_files(
        files=[{"name": "deliberation.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Déposer le projet").click()
    page.wait_for_load_state()


def _noter(page, note: str, justification: str):
    page.goto(f"/national/jury/{SLUG_OUVERT}/")
    page.get_by_role("link", name=AU_JURY).click()
    for select in page.locator("select").all():
        select.select_option(note)
    for zone in page.locator("textarea").all():
        zone.fill(justification)
    cocher(page, "Soumettre l'évaluation")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Soumise le")).to_be_visible()


def test_un_appel_de_bout_en_bout(
    demonstration, navigateur, live_server, connecter, verifier_accessibilite
):
    contexte, page = _session(navigateur, live_server, connecter, "maire@beaune.demo.fr")
    try:
        page.goto("/national/appels/")
        verifier_accessibilite(page, "volets et appels")
        page.goto("/national/appels/a-venir/")
        verifier_accessibilite(page, "appels a venir")
        page.goto(f"/national/appels/{SLUG_OUVERT}/")
        verifier_accessibilite(page, "page de l appel")
        page.get_by_role("link", name="Vérifier mon éligibilité et déposer").click()
        expect(page.locator("main")).to_contain_text("non éligible")
        expect(page.locator("main")).to_contain_text("habitants <")
        expect(
            page.get_by_role("link", name="Trouver le guichet qui vous correspond")
        ).to_be_visible()
        expect(page.locator("#formulaire-projet")).to_have_count(0)
        verifier_accessibilite(page, "commune non eligible")
        # Seule trop petite, Beaune s'unit en groupement ad hoc : les populations s'additionnent.
        page.get_by_role("link", name="en groupement ad hoc").click()
        verifier_accessibilite(page, "groupement ad hoc")
        page.get_by_label("Chef de file (votre collectivité)").select_option(index=1)
        page.get_by_label("Nom du groupement").fill("Pays beaunois et métropole")
        membres = page.get_by_label("Autres collectivités membres")
        membres.fill(DIJON_METROPOLE)
        page.get_by_role("button", name="Vérifier l'éligibilité du groupement").click()
        expect(page.locator("#verdict-groupement")).to_contain_text("non éligible")
        expect(page.locator("#verdict-groupement")).to_contain_text("Beaune : ")
        verifier_accessibilite(page, "groupement trop petit")
        cotedor = Collectivite.objects.get(nature=Nature.DEPARTEMENT, code_insee="21")
        membres.fill(f"{DIJON_METROPOLE}, {cotedor.siren}")
        page.get_by_role("button", name="Vérifier l'éligibilité du groupement").click()
        verdict = page.locator("#verdict-groupement")
        expect(verdict).to_contain_text("couvre au moins un département")
        page.get_by_role("button", name="Former le groupement et déposer").click()
        expect(page.locator("main")).to_contain_text(
            "Groupement ad hoc « Pays beaunois et métropole » : éligible"
        )
        expect(page.locator("#formulaire-projet")).to_have_count(1)
    finally:
        contexte.close()

    contexte, page = _session(navigateur, live_server, connecter, "numerique@cotedor.demo.fr")
    try:
        page.goto(f"/national/appels/{SLUG_OUVERT}/deposer/")
        expect(page.locator("main")).to_contain_text("couvre au moins un département")
        verifier_accessibilite(page, "formulaire de depot")
        _deposer(page, montant_2="")
        expect(page.locator("#erreurs")).to_contain_text("Indiquez le montant de cette dépense")
        expect(page.get_by_label("Titre du projet")).to_have_value("Portail des démarches sociales")
        verifier_accessibilite(page, "depot refuse saisie gardee")
        _deposer(page, montant_2="20 000")
        expect(page.locator("h1")).to_contain_text("Portail des démarches sociales")
    finally:
        contexte.close()
    nouveau = Dossier.objects.get(titre="Portail des démarches sociales")
    assert nouveau.montant_demande == Decimal("60000.00")

    contexte, page = _session(navigateur, live_server, connecter, "dinum@demo.fonds.gouv.fr")
    try:
        page.goto(f"/national/appels/{SLUG_OUVERT}/dossiers/")
        verifier_accessibilite(page, "dossiers de l appel")
        ligne = page.locator("tr", has_text="Portail des démarches sociales")
        ligne.get_by_text("Pré-sélectionner", exact=True).click()
        ligne.get_by_label("Motivation").fill("Projet mutualisable, budget étayé.")
        ligne.get_by_role("button", name="Enregistrer").click()
        expect(page.locator("tr", has_text="Portail des démarches sociales")).to_contain_text(
            "preselectionne"
        )
        page.goto(f"/national/appels/{SLUG_OUVERT}/jury/")
        verifier_accessibilite(page, "composition du jury")
    finally:
        contexte.close()

    for email, note in (("jure@demo.fonds.gouv.fr", "4"), ("anct@demo.fonds.gouv.fr", "5")):
        contexte, page = _session(navigateur, live_server, connecter, email)
        try:
            _noter(page, note, "Au regard du cahier des charges.")
            verifier_accessibilite(page, f"evaluation soumise {note}")
            if note == "4":  # la page pour se déporter, sans s'y déporter
                page.get_by_role("link", name="Déclarer un conflit d'intérêts").click()
                page.get_by_role("button", name="Déclarer le conflit et me déporter").click()
                expect(page.locator("#erreurs")).to_contain_text("Motif du conflit")
                verifier_accessibilite(page, "deport sans motif")
        finally:
            contexte.close()

    contexte, page = _session(navigateur, live_server, connecter, "dsi@dijon.demo.fr")
    try:
        page.goto(f"/national/jury/{SLUG_OUVERT}/")
        expect(page.locator("main")).to_contain_text("conflit d'intérêts")
        expect(page.get_by_role("link", name=AU_JURY)).to_have_count(0)
        verifier_accessibilite(page, "jure en conflit")
        au_jury = Dossier.objects.get(titre=AU_JURY)
        reponse = page.goto(f"/national/jury/dossiers/{au_jury.uuid}/")
        assert reponse.status == 403
    finally:
        contexte.close()

    contexte, page = _session(navigateur, live_server, connecter, "dinum@demo.fonds.gouv.fr")
    try:
        page.goto(f"/national/appels/{SLUG_OUVERT}/seance/")
        verifier_accessibilite(page, "seance du jury")
        premiere = page.locator("tbody tr").first
        expect(premiere).to_contain_text(AU_JURY)
        expect(premiere).to_contain_text("18")  # (4/5 + 5/5) / 2 sur 20
        expect(page.locator("tbody")).to_contain_text("Portail des démarches sociales")
        premiere.get_by_role("link", name="Décider").click()
        verifier_accessibilite(page, "decision de seance")
        cocher(page, "Lauréat")
        page.get_by_label("Montant accordé").fill("70 000")
        page.get_by_role("button", name="Enregistrer la décision").click()
        expect(page.locator("tbody tr").first).to_contain_text("Accepté")
        verifier_accessibilite(page, "laureat designe")
        page.goto(f"/national/appels/{SLUG_OUVERT}/")
        expect(page.locator("main")).to_contain_text(AU_JURY)
        # La convention suit : émise à la décision, son PDF téléchargeable depuis la subvention.
        subvention = Dossier.objects.get(titre=AU_JURY).subvention
        page.goto(f"/financement/subventions/{subvention.uuid}/")
        expect(page.get_by_role("link", name="Télécharger la convention (PDF)")).to_be_visible()
        verifier_accessibilite(page, "subvention du laureat")
    finally:
        contexte.close()
    laureat = Dossier.objects.get(titre=AU_JURY)
    assert laureat.subvention.montant == Decimal("70000.00")
    assert laureat.subvention.dossier_id == laureat.pk
