"""Parcours du déport : un instructeur élu de l'EPCI d'une commune qui a déposé un dossier
confirme le conflit d'intérêts que le portail lui propose, puis ne voit plus le dossier."""

import pytest
from playwright.sync_api import expect

from fonds.comptes.enums import Role
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
from tests.comptes.factories import AdhesionFactory, HabilitationFactory
from tests.dossiers.factories import DossierFactory, GuichetFactory

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]


def test_un_instructeur_se_deporte_puis_ne_voit_plus_le_dossier(
    page, contexte, connecter, verifier_accessibilite
):
    cote_dor = DepartementFactory(code="21", nom="Côte-d'Or")
    guichet = GuichetFactory(departement=cote_dor, nom="Guichet de la Côte-d'Or", slug="g21")
    beaune = CollectiviteFactory(nom="Beaune", population=20_000, departement=cote_dor)
    epci = CollectiviteFactory(nom="Communauté Beaune Côte et Sud", departement=cote_dor)
    epci.membres.add(beaune)
    dossier = DossierFactory(
        guichet=guichet, collectivite=beaune, depose=True, titre="Téléservices de Beaune"
    )
    instructeur = HabilitationFactory(role=Role.INSTRUCTEUR, departement=cote_dor).user
    AdhesionFactory(user=instructeur, collectivite=epci)

    connecter(contexte, instructeur)
    page.goto(f"/dossiers/{dossier.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Téléservices de Beaune")

    page.goto("/")
    page.get_by_role("link", name="Conflits d'intérêts").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes conflits d'intérêts")
    verifier_accessibilite(page, "mes conflits d'interets")
    page.get_by_role("link", name="déclarer un conflit avec Beaune").click()
    page.get_by_label("Motif du conflit d'intérêts").fill("Vice-président de l'EPCI de Beaune.")
    page.get_by_role("button", name="Déclarer le conflit").click()
    expect(page.get_by_text("Votre conflit d'intérêts avec Beaune est déclaré")).to_be_visible()
    expect(page.get_by_role("cell", name="Vice-président de l'EPCI de Beaune.")).to_be_visible()
    verifier_accessibilite(page, "conflit declare")

    reponse = page.goto(f"/dossiers/{dossier.uuid}/")
    assert reponse.status == 403
    expect(page.get_by_text("conflit d'intérêts")).to_be_visible()
    verifier_accessibilite(page, "dossier refuse apres le deport")
    page.goto("/guichets/g21/instruction/")
    expect(page.get_by_role("link", name="Téléservices de Beaune")).to_have_count(0)
