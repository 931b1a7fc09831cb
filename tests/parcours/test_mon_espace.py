"""Parcours de Mon espace : un agent y trouve ses guichets et sa file de travail (pas
l'invitation à se rattacher à une collectivité) ; une élue y trouve les dossiers de sa
commune, chaque carte d'axe titrée avant sa liste, et passe à son dossier à étapes, que
l'instructeur fait avancer."""

import pytest
from playwright.sync_api import expect

from fonds.comptes.enums import Role
from fonds.enums import Axe
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
from tests.comptes.factories import AdhesionFactory, HabilitationFactory
from tests.dossiers import sorte_essai
from tests.dossiers.factories import DossierFactory, GuichetFactory

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]


def test_mon_espace_d_un_agent_et_d_une_elue(
    page, contexte, navigateur, live_server, connecter, verifier_accessibilite
):
    cote_dor = DepartementFactory(code="21", nom="Côte-d'Or")
    guichet = GuichetFactory(
        departement=cote_dor, nom="Appel d'essai de la Côte-d'Or", type=sorte_essai.CODE
    )
    beaune = CollectiviteFactory(nom="Beaune", population=20_000, departement=cote_dor)
    elue = AdhesionFactory(collectivite=beaune).user
    instructeur = HabilitationFactory(role=Role.INSTRUCTEUR, departement=cote_dor).user
    DossierFactory(
        guichet=guichet,
        collectivite=beaune,
        cree_par=elue,
        en_instruction=True,
        instructeur=instructeur,
        titre="Guichet numérique de Beaune",
    )
    DossierFactory(guichet=guichet, collectivite=beaune, cree_par=elue, depose=True)

    # L'agent : ses guichets, sa file ; aucune invitation à se rattacher.
    connecter(contexte, instructeur)
    page.goto("/mon-espace/")
    verifier_accessibilite(page, "mon espace d'un agent")
    expect(page.get_by_role("heading", name="Mon travail d'instruction")).to_be_visible()
    ligne = page.get_by_role("row", name="Appel d'essai de la Côte-d'Or")
    expect(ligne.get_by_role("cell")).to_have_text(["1", "0", "1"])
    expect(page.get_by_text("Rattachez-vous à votre collectivité")).to_have_count(0)

    # Il ouvre le dossier qui lui est attribué et franchit une étape de la sorte du guichet.
    page.get_by_role("link", name="Guichet numérique de Beaune").click()
    verifier_accessibilite(page, "dossier a etapes vu par l'instructeur")
    expect(page.get_by_role("button", name="Convoquer le jury")).to_have_count(0)
    page.get_by_label("Commentaire").fill("Dossier complet, équipe solide.")
    page.get_by_role("button", name="Pré-sélectionner").click()
    expect(page.get_by_text("Étape d'instruction franchie")).to_be_visible()
    expect(page.get_by_text("étape : Pré-sélectionné").first).to_be_visible()
    verifier_accessibilite(page, "dossier pre-selectionne")
    # Le pas franchi n'est plus proposé ; le suivant est réservé à l'administration.
    expect(page.get_by_role("button", name="Pré-sélectionner")).to_have_count(0)

    # L'élue : les dossiers de Beaune, la carte de l'axe titrée avant sa liste.
    contexte.clear_cookies()
    connecter(contexte, elue)
    page.goto("/mon-espace/")
    verifier_accessibilite(page, "mon espace d'une elue")
    carte = page.locator("section", has=page.get_by_role("heading", name=Axe.AXE_3.label))
    titre = carte.get_by_role("heading", name=Axe.AXE_3.label).bounding_box()
    lien = carte.get_by_role("link", name="Guichet numérique de Beaune").bounding_box()
    assert titre["y"] < lien["y"], "la liste des dossiers passe au-dessus du titre de la carte"
    expect(page.get_by_role("heading", name="Mon travail d'instruction")).to_have_count(0)
    expect(page.get_by_role("heading", name="Subventions")).to_be_visible()
    page.get_by_role("link", name="Guichet numérique de Beaune").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Guichet numérique de Beaune")
    verifier_accessibilite(page, "dossier vu par l'elue")
    # Les étapes et le panneau de l'instruction ne sont pas pour la collectivité.
    expect(page.get_by_role("button", name="Pré-sélectionner")).to_have_count(0)
    expect(page.get_by_role("heading", name="Panneau de l'essai")).to_have_count(0)
