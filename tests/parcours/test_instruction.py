"""Parcours de l'instruction : l'instructeur trouve le dossier, demande des compléments, la
commune répond avec une pièce jointe, l'instructeur décide."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fonds.comptes.enums import Role
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Message, PieceJointe
from fonds.financement import services
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.financement.models import Enveloppe
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
from tests.comptes.factories import AdhesionFactory, HabilitationFactory
from tests.dossiers.factories import PDF, DossierFactory, GuichetFactory

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]

#: Un exécutable Windows (en-tête « MZ ») renommé en .pdf.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
REPONSE = "Voici le devis signé par le prestataire."


def test_instruction_d_un_dossier_avec_complements(
    page, contexte, navigateur, live_server, connecter, verifier_accessibilite
):
    cote_dor = DepartementFactory(code="21", nom="Côte-d'Or")
    # Le guichet engage ses subventions sur l'enveloppe de la Côte-d'Or.
    admin = HabilitationFactory(role=Role.ADMINISTRATEUR).user
    services.initialiser_fonds(par=admin)
    enveloppe = services.creer_enveloppe(
        parent=Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_3),
        nom="Axe 3 — Côte-d'Or",
        nature=NatureEnveloppe.DEPARTEMENT,
        region=cote_dor.region,
        departement=cote_dor,
        montant=Decimal("100000.00"),
        motif="Délégation au département",
        par=admin,
    )
    guichet = GuichetFactory(
        departement=cote_dor,
        nom="Guichet de la Côte-d'Or",
        slug="guichet-21",
        pieces_requises=[],
        enveloppe=enveloppe,
    )
    beaune = CollectiviteFactory(nom="Beaune", population=20_000, departement=cote_dor)
    nuits = CollectiviteFactory(nom="Nuits-Saint-Georges", population=5_000, departement=cote_dor)
    membre = AdhesionFactory(collectivite=beaune).user
    instructeur = HabilitationFactory(role=Role.INSTRUCTEUR, departement=cote_dor).user
    dossier = DossierFactory(
        guichet=guichet,
        collectivite=beaune,
        cree_par=membre,
        depose=True,
        titre="Téléservices de la mairie de Beaune",
    )
    DossierFactory(
        guichet=guichet, collectivite=nuits, depose=True, titre="Portail citoyen de Nuits"
    )

    # L'instructeur filtre la liste de son guichet et ouvre le dossier.
    connecter(contexte, instructeur)
    page.goto("/guichets/guichet-21/instruction/")
    verifier_accessibilite(page, "liste d'instruction")
    expect(page.get_by_role("link", name="Portail citoyen de Nuits")).to_be_visible()
    page.get_by_role("textbox", name="Collectivité (Optionnel)").fill("Beaune")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("link", name="Portail citoyen de Nuits")).to_have_count(0)
    verifier_accessibilite(page, "liste d'instruction filtree")
    page.get_by_role("link", name="Téléservices de la mairie de Beaune").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Téléservices")
    verifier_accessibilite(page, "dossier vu par l'instructeur")

    page.get_by_label("Compléments attendus").fill("Joignez le devis signé du prestataire.")
    echeance = timezone.localdate() + datetime.timedelta(days=15)
    page.get_by_label("À fournir avant le").fill(echeance.isoformat())
    page.get_by_role("button", name="Demander des compléments").click()
    expect(page.get_by_role("heading", level=2, name="Compléments demandés")).to_be_visible()
    verifier_accessibilite(page, "complements demandes")

    # La commune répond, avec une pièce jointe.
    contexte_commune = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        connecter(contexte_commune, membre)
        commune = contexte_commune.new_page()
        commune.goto(f"/dossiers/{dossier.uuid}/")
        verifier_accessibilite(commune, "dossier vu par la commune")

        # Le faux pas : cliquer deux fois « Envoyer le message » parce que le serveur tarde.
        # La première requête est retenue en route pendant le second clic.
        retenues = []
        commune.route("**/messages/", lambda route: retenues.append(route))
        commune.get_by_label("Votre message").fill("Nous préparons le devis.")
        bouton = commune.get_by_role("button", name="Envoyer le message")
        # Deux clics à 150 ms d'intervalle, comme une personne impatiente.
        bouton.evaluate("b => { b.click(); setTimeout(() => b.click(), 150); }")
        commune.wait_for_timeout(500)
        assert len(retenues) == 1, "le second clic a envoyé le formulaire une seconde fois"
        retenues[0].continue_()
        commune.unroute("**/messages/")
        expect(commune.get_by_text("Nous préparons le devis.").first).to_be_visible()
        envoyes = Message.objects.filter(dossier=dossier, corps="Nous préparons le devis.")
        assert envoyes.count() == 1

        commune.get_by_role("link", name="Apporter les compléments").click()
        verifier_accessibilite(commune, "apporter les complements")
        # Le faux pas : un exécutable renommé en .pdf.
        commune.get_by_label("Autre pièce (devis, annexe…)").set_input_files(
            files=[{"name": "devis.pdf", "mimeType": "application/pdf", "buffer": EXE}]
        )
        commune.get_by_label("Votre réponse").fill(REPONSE)
        commune.get_by_role("button", name="Transmettre les compléments").click()
        alerte = commune.get_by_role("alert")
        expect(alerte).to_contain_text("Le contenu du fichier « devis.pdf » n'est pas d'un type")
        verifier_accessibilite(commune, "piece refusee")
        # Rien n'est perdu : la réponse saisie est toujours là ; rien n'est enregistré.
        expect(commune.get_by_label("Votre réponse")).to_have_value(REPONSE)
        assert not PieceJointe.objects.filter(dossier=dossier).exists()

        commune.get_by_label("Autre pièce (devis, annexe…)").set_input_files(
            files=[{"name": "devis.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        commune.get_by_role("button", name="Transmettre les compléments").click()
        transmis = commune.get_by_text("Vos compléments sont transmis à l'instructeur.")
        expect(transmis).to_be_visible()
        verifier_accessibilite(commune, "complements transmis")
    finally:
        contexte_commune.close()
    assert PieceJointe.objects.filter(dossier=dossier, nom_original="devis.pdf").count() == 1

    # L'instructeur lit la réponse et décide.
    page.reload()
    expect(page.get_by_role("link", name="devis.pdf").first).to_be_visible()
    expect(page.get_by_text(REPONSE)).to_be_visible()
    page.get_by_role("button", name="Passer en instruction").click()
    verifier_accessibilite(page, "dossier en instruction")
    page.get_by_label("Motivation de la décision").fill("Projet conforme au cahier des charges.")
    page.get_by_role("button", name="Accepter", exact=True).click()
    expect(page.get_by_role("heading", name="Décision")).to_contain_text("Accepté")
    verifier_accessibilite(page, "dossier accepte")
    dossier.refresh_from_db()
    assert dossier.etat == Etat.ACCEPTE
