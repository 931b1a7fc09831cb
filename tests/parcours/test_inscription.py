"""Parcours d'un agent de commune : inscription, vérification de l'adresse, connexion,
demande d'adhésion, validation par un membre, puis il agit pour sa commune."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from fonds.comptes.enums import StatutAdhesion
from fonds.comptes.models import Adhesion, User
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
from tests.comptes.factories import AdhesionFactory
from tests.parcours.gestes import choisir_collectivite, cocher

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]

ADRESSE = "claire.dupont@beaune.fr"
MOT_DE_PASSE = "un mot de passe solide 2026"


def test_un_agent_s_inscrit_rejoint_sa_commune_et_agit_pour_elle(
    page, navigateur, live_server, connecter, verifier_accessibilite
):
    # Un vrai code de département : la combobox affiche « Beaune (21) », que le serveur relit.
    cote_dor = DepartementFactory(code="21", nom="Côte-d'Or")
    commune = CollectiviteFactory(nom="Beaune", population=20_000, departement=cote_dor)
    CollectiviteFactory(nom="Beaumont", population=900, departement=cote_dor)
    membre = AdhesionFactory(collectivite=commune, user__first_name="Paul").user

    page.goto("/comptes/signup/")
    verifier_accessibilite(page, "inscription")
    page.get_by_label("Prénom").fill("Claire")
    page.get_by_label("Nom", exact=True).fill("Dupont")
    page.get_by_label("Courriel").fill(ADRESSE)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    # Le faux pas : une faute de frappe dans la confirmation du mot de passe.
    page.get_by_label("Mot de passe (confirmation)", exact=True).fill(MOT_DE_PASSE + "x")
    page.get_by_role("button", name="Création de compte").click()
    expect(page.get_by_text("Vous devez saisir deux fois le même mot de passe.")).to_be_visible()
    verifier_accessibilite(page, "inscription mots de passe differents")
    # Rien n'est perdu : le nom et l'adresse restent saisis ; aucun compte n'est créé.
    expect(page.get_by_label("Prénom")).to_have_value("Claire")
    expect(page.get_by_label("Nom", exact=True)).to_have_value("Dupont")
    expect(page.get_by_label("Courriel")).to_have_value(ADRESSE)
    assert not User.objects.filter(email=ADRESSE).exists()
    assert mail.outbox == []

    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_label("Mot de passe (confirmation)", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Création de compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre adresse e-mail")
    verifier_accessibilite(page, "verification envoyee")

    # Le lien reçu par e-mail (boîte de test de Django, même processus que le serveur).
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ADRESSE]
    lien = re.search(r"https?://[^/\s]+(/comptes/confirm-email/\S+/)", mail.outbox[0].body)
    page.goto(lien.group(1))
    verifier_accessibilite(page, "confirmer l'adresse")
    page.get_by_role("button", name="Confirmer").click()

    # Connecté à la confirmation ; on se déconnecte et se reconnecte avec l'adresse.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mon espace")
    page.goto("/comptes/logout/")
    page.get_by_role("main").get_by_role("button", name="Se déconnecter").click()
    page.goto("/comptes/login/")
    verifier_accessibilite(page, "connexion")
    page.get_by_label("Courriel").fill(ADRESSE)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("main").get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mon espace")
    verifier_accessibilite(page, "mon espace sans collectivite")

    page.get_by_role("link", name="Demander à rejoindre une collectivité").first.click()
    verifier_accessibilite(page, "demander une adhesion")
    choisir_collectivite(page, "Collectivité ou groupement", "Beau", "Beaune")
    cocher(page, "Agent de la collectivité")
    page.get_by_label("Intitulé du poste ou du mandat").fill("Cheffe de projet numérique")
    page.get_by_role("button", name="Envoyer la demande").click()
    envoyee = page.get_by_text("Votre demande d'adhésion à Beaune est envoyée")
    expect(envoyee).to_be_visible()
    verifier_accessibilite(page, "demande envoyee")
    adhesion = Adhesion.objects.get(user__email=ADRESSE)
    assert adhesion.collectivite == commune
    assert adhesion.statut == StatutAdhesion.EN_ATTENTE

    # Le membre vérifié de la commune valide la demande.
    contexte_membre = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        connecter(contexte_membre, membre)
        page_membre = contexte_membre.new_page()
        page_membre.goto("/adhesions/")
        verifier_accessibilite(page_membre, "adhesions a decider")
        page_membre.get_by_role("link", name="Claire Dupont").click()
        verifier_accessibilite(page_membre, "adhesion a valider")
        page_membre.get_by_role("button", name="Valider l'adhésion").click()
        expect(page_membre.get_by_text("peut désormais agir pour Beaune")).to_be_visible()
        verifier_accessibilite(page_membre, "adhesion validee")
    finally:
        contexte_membre.close()
    adhesion.refresh_from_db()
    assert adhesion.statut == StatutAdhesion.VALIDEE

    # L'agent agit désormais pour sa commune.
    page.goto("/mon-espace/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(commune.nom)
    expect(page.get_by_text("attend d'être vérifiée")).to_have_count(0)
    verifier_accessibilite(page, "mon espace de la commune")
    page.goto("/notifications/")
    verifier_accessibilite(page, "notifications")
