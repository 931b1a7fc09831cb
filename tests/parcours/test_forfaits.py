"""Parcours du guichet à forfait, depuis la démonstration : la commune de Beaune obtient son
forfait FranceConnect puis son forfait API, chacun décidé dans la requête (quelques secondes),
se voit refuser un troisième avec la règle et sa saisie gardée ; la DINUM voit les deux dans
la liste des demandes et en révoque un."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from fonds import contributions
from fonds.comptes.models import User
from fonds.financement import services as argent
from guichet_national.demo_forfaits import SLUG
from guichet_national.models import DemandeForfait, StatutDemande
from tests.parcours.gestes import cocher

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demonstration():
    """La démonstration du portail (registre, comptes, contributions des applications) ; puis
    l'administratrice délègue 20 000 € à l'enveloppe épuisée du guichet à forfait."""
    call_command("charger_registre", verbosity=0)
    contributions.demo(contributions.Demo(site="http://testserver", ecrire=lambda _: None))
    enveloppe = DemandeForfait.objects.filter(guichet__slug=SLUG).first().guichet.enveloppe
    argent.deleguer(
        source=enveloppe.parent,
        destination=enveloppe,
        montant=Decimal("20000.00"),
        motif="Crédits supplémentaires pour le guichet à forfait",
        par=User.objects.get(email="admin@demo.fonds.gouv.fr"),
    )


def _demander(page, sorte: str, service: str, *, api: str = "") -> float:
    """Remplit le cahier des charges et l'envoie ; rend la durée jusqu'à la page suivante."""
    page.goto(f"/national/forfaits/{SLUG}/demander/")
    page.get_by_label("Collectivité ou structure de mutualisation bénéficiaire").select_option(
        index=1
    )
    cocher(page, sorte)
    page.get_by_label("Service en ligne concerné").fill(service)
    page.get_by_label("Adresse du service en ligne").fill("https://demarches.beaune.fr/")
    cible = timezone.localdate() + datetime.timedelta(days=60)
    page.get_by_label("Date cible de mise en production").fill(cible.isoformat())
    if api:
        page.get_by_label("Pour une API : l'API raccordée").select_option(label=api)
    else:
        page.get_by_label("Pour FranceConnect : la démarche qui l'utilisera").fill(
            "Inscription à l'école"
        )
    page.get_by_label("Référence de l'habilitation DataPass").fill("31415")
    cocher(page, "Habilitation obtenue")
    page.get_by_label("Contact technique : nom").fill("Service informatique")
    page.get_by_label("Contact technique : adresse électronique").fill("si@beaune.fr")
    cocher(page, "Nous nous engageons à maintenir ce service en production")
    debut = time.perf_counter()
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_load_state()
    return time.perf_counter() - debut


def test_beaune_obtient_ses_deux_forfaits_et_la_dinum_en_revoque_un(
    demonstration, navigateur, live_server, connecter, verifier_accessibilite
):
    beaune = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        connecter(beaune, User.objects.get(email="maire@beaune.demo.fr"))
        page = beaune.new_page()
        page.goto(f"/national/forfaits/{SLUG}/")
        verifier_accessibilite(page, "guichet a forfait")
        expect(page.locator("#reste-enveloppe")).to_contain_text("20")
        page.get_by_role("link", name="Demander un forfait").click()
        verifier_accessibilite(page, "formulaire de demande")

        duree = _demander(page, "FranceConnect", "Inscriptions scolaires")
        expect(page.locator("#decision")).to_contain_text("Forfait accordé")
        verifier_accessibilite(page, "forfait franceconnect accorde")
        assert duree < 5, f"décision FranceConnect en {duree:.1f} s"
        # La demande de Dijon Métropole, en liste d'attente, a été servie d'abord.
        attente = DemandeForfait.objects.get(collectivite__siren="242100410")
        assert attente.statut == StatutDemande.ACCORDEE

        duree = _demander(page, "API nationale", "Aides sociales", api="API Particulier")
        expect(page.locator("#decision")).to_contain_text("Forfait accordé")
        verifier_accessibilite(page, "forfait api accorde")
        assert duree < 5, f"décision API en {duree:.1f} s"

        _demander(page, "FranceConnect", "Un troisième service")
        expect(page.locator("#erreurs")).to_contain_text("plafond par bénéficiaire")
        expect(page.get_by_label("Service en ligne concerné")).to_have_value("Un troisième service")
        verifier_accessibilite(page, "troisieme demande refusee")
    finally:
        beaune.close()

    dinum = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        connecter(dinum, User.objects.get(email="dinum@demo.fonds.gouv.fr"))
        page = dinum.new_page()
        page.goto(f"/national/forfaits/{SLUG}/demandes/?collectivite=Beaune")
        verifier_accessibilite(page, "demandes vues par la dinum")
        lignes = page.locator("tbody tr")
        expect(lignes).to_have_count(2)
        expect(page.locator("tbody")).to_contain_text("FranceConnect")
        expect(page.locator("tbody")).to_contain_text("API Particulier")
        lignes.filter(has_text="API Particulier").get_by_role("link").click()
        verifier_accessibilite(page, "demande vue par la dinum")
        page.get_by_label("Motif de la révocation").fill("Habilitation DataPass introuvable.")
        page.get_by_role("button", name="Révoquer le forfait").click()
        expect(page.locator("#decision")).to_contain_text("Forfait révoqué")
        verifier_accessibilite(page, "forfait revoque")
    finally:
        dinum.close()
    revoquee = DemandeForfait.objects.get(collectivite__nom__startswith="Beaune", sorte="api")
    assert revoquee.statut == StatutDemande.REVOQUEE
    assert revoquee.subvention.statut == "annulee"
