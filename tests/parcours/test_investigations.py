"""Parcours du programme national d'investigations (démonstration) : la Côte-d'Or commence un
dossier au guichet du programme, le dépôt sans les questions du programme les lui redemande à
côté des champs (sa saisie gardée) ; puis, depuis son dossier accepté, elle sème un besoin au
tour 2026 en recueil et arrive sur la proposition."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from consultation.demo_investigations import SLUG
from consultation.models import Proposition
from fonds import contributions
from fonds.dossiers.models import Dossier

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demonstration():
    call_command("charger_registre", verbosity=0)
    contributions.demo(contributions.Demo(site="http://testserver", ecrire=lambda _: None))


def test_du_programme_au_tour_de_la_consultation(
    demonstration, page, contexte, connecter, verifier_accessibilite
):
    from fonds.comptes.models import User

    v = verifier_accessibilite
    connecter(contexte, User.objects.get(email="numerique@cotedor.demo.fr"))
    page.goto(f"/guichets/{SLUG}/")
    v(page, "guichet du programme")
    page.get_by_role("button", name="Commencer un dossier").click()
    page.get_by_label("Titre du projet").fill("Habitat inclusif en zone rurale")
    page.get_by_role("button", name="Déposer le dossier", exact=True).click()
    erreurs = page.locator(".fr-alert--error, #erreurs").first
    expect(erreurs).to_contain_text("politique prioritaire")
    expect(page.locator("main")).to_contain_text("Décrivez le problème à investiguer.")
    expect(page.get_by_label("Titre du projet")).to_have_value("Habitat inclusif en zone rurale")
    v(page, "depot sans les questions du programme")

    accepte = Dossier.objects.get(guichet__slug=SLUG, etat="accepte")
    page.goto(f"/dossiers/{accepte.uuid}/")
    expect(page.locator("#investigation")).to_contain_text("tour 2026")
    v(page, "dossier accepte du programme")
    page.get_by_role("button", name="Proposer ce besoin au tour").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(accepte.titre)
    expect(page.locator("main")).to_contain_text("est proposé au tour")
    v(page, "proposition semee")
    p = Proposition.objects.get(investigation=accepte)
    assert p.tour.slug == "consultation-2026"
    assert list(p.etiquettes.values_list("code", flat=True)) == ["agenda-rural"]
