"""Parcours du comité de sélection, depuis la démonstration (les résultats du tour 2021) :
l'ANCT compose le comité (la DINUM pour l'État, le DSI de Dijon pour sa collectivité, déporté
d'office sur les besoins que Dijon a écrits ou soutenus) ; le membre de Dijon ouvre la séance,
voit un besoin où il est déporté sans pouvoir y donner d'avis, en donne un ailleurs ; l'ANCT
refuse d'abord une décision sans voie (saisie gardée), puis retient le besoin le plus soutenu,
le montant engagé sur l'enveloppe de l'axe 1 ; le procès-verbal est un PDF. Puis le service
retenu jusqu'au Territoires Store : Dijon territoire référent, un jalon, la livraison, Beaune
qui le rejoint, et le montant au tableau de bord public."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone
from playwright.sync_api import expect

from consultation.demo import SLUG_2021
from consultation.models import ServiceRetenu, Tour
from consultation.models.selection import DecisionComite, Deport
from consultation.services import selection as comite
from fonds import contributions
from fonds.collectivites.models import Collectivite
from fonds.comptes.models import User
from fonds.financement.models import Engagement
from fonds.financement.montants import en_euros
from fonds.notifications.models import Notification
from tests.parcours.gestes import cocher

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demonstration():
    call_command("charger_registre", verbosity=0)
    contributions.demo(contributions.Demo(site="http://testserver", ecrire=lambda _: None))


def _contexte(navigateur, live_server, connecter, email):
    contexte = navigateur.new_context(
        base_url=live_server.url, locale="fr-FR", accept_downloads=True
    )
    connecter(contexte, User.objects.get(email=email))
    return contexte, contexte.new_page()


def _composer(page, v, dijon):
    page.goto(f"/consultation/{SLUG_2021}/resultats/")
    v(page, "resultats 2021")
    page.goto(f"/consultation/{SLUG_2021}/comite/")
    v(page, "comite vide")
    page.get_by_label("Adresse électronique").fill("dinum@demo.fonds.gouv.fr")
    page.get_by_label("Qualité").select_option(label="État")
    page.get_by_label("Organisation").fill("Direction interministérielle du numérique")
    page.get_by_role("button", name="Ajouter au comité").click()
    expect(page.locator("#membres-comite")).to_contain_text("État")
    page.get_by_label("Adresse électronique").fill("dsi@dijon.demo.fr")
    page.get_by_label("Qualité").select_option(label="Collectivité")
    page.get_by_role("button", name="Ajouter au comité").click()
    expect(page.locator(".fr-alert--error")).to_contain_text("SIREN")
    expect(page.get_by_label("Adresse électronique")).to_have_value("dsi@dijon.demo.fr")
    v(page, "comite sans siren")
    page.get_by_label("SIREN").fill(dijon.siren)
    page.get_by_role("button", name="Ajouter au comité").click()
    expect(page.locator("#membres-comite")).to_contain_text("proposé automatiquement")
    v(page, "comite compose")


def test_une_seance_du_comite(
    demonstration, navigateur, live_server, connecter, verifier_accessibilite
):
    v = verifier_accessibilite
    tour = Tour.objects.get(slug=SLUG_2021)
    dijon = Collectivite.objects.filter(nom="Dijon", siren__isnull=False).first()
    assert dijon is not None
    anct, page = _contexte(navigateur, live_server, connecter, "anct@demo.fonds.gouv.fr")
    try:
        _composer(page, v, dijon)
    finally:
        anct.close()
    deport = (
        Deport.objects.filter(membre__tour=tour, automatique=True)
        .select_related("groupe", "proposition")
        .first()
    )
    assert deport is not None
    titre_deporte = (deport.groupe or deport.proposition).titre
    lignes = comite.seance(tour)["lignes"]
    deports = {(d.groupe_id, d.proposition_id) for d in deport.membre.deports.all()}
    libre = next(x["cible"] for x in lignes if x["cible"].cle not in deports)
    # Le besoin le plus soutenu que le comité n'a pas encore décidé (la démonstration a déjà
    # retenu RDV Solidarités et deux autres besoins).
    premier = next(x["cible"] for x in lignes if x["decision"] is None)

    membre, page = _contexte(navigateur, live_server, connecter, "dsi@dijon.demo.fr")
    try:
        page.goto(f"/consultation/{SLUG_2021}/seance/")
        expect(page.locator("#seance")).to_contain_text("vous êtes déporté")
        v(page, "seance vue par un membre")
        page.get_by_role("link", name=titre_deporte).first.click()
        expect(page.locator("#deporte")).to_be_visible()
        v(page, "besoin ou le membre est deporte")
        page.goto(f"/consultation/{SLUG_2021}/seance/{libre.uuid}/")
        cocher(page, "Favorable")
        page.get_by_label("Commentaire").fill("Utile aux grandes villes comme aux petites.")
        page.get_by_role("button", name="Enregistrer mon avis").click()
        expect(page.locator("#avis")).to_contain_text("Favorable")
        v(page, "avis enregistre")
    finally:
        membre.close()

    anct, page = _contexte(navigateur, live_server, connecter, "anct@demo.fonds.gouv.fr")
    try:
        page.goto(f"/consultation/{SLUG_2021}/seance/{premier.uuid}/")
        v(page, "besoin devant le comite")
        cocher(page, "Retenu")
        page.get_by_label("Montant engagé").fill("300 000")
        page.get_by_label("Motivation").fill("Le besoin le plus soutenu, par toutes les tailles.")
        page.get_by_role("button", name="Enregistrer la décision").click()
        expect(page.locator(".fr-alert--error")).to_contain_text("choisissez-la")
        expect(page.get_by_label("Motivation")).to_have_value(
            "Le besoin le plus soutenu, par toutes les tailles."
        )
        v(page, "decision refusee sans voie")
        page.get_by_label("Voie").select_option(value="construire")
        page.get_by_role("button", name="Enregistrer la décision").click()
        expect(page.locator("#decision")).to_contain_text("Incubateur des Territoires")
        expect(page.locator("#decision")).to_contain_text("300 000")
        v(page, "decision publiee")
        page.goto(f"/consultation/{SLUG_2021}/seance/")
        # 300 000 € de plus que les 440 000 € déjà retenus par la démonstration.
        expect(page.locator("#total-engage")).to_contain_text("740 000")
        v(page, "seance avec une decision")
        page.goto(f"/consultation/{SLUG_2021}/decisions/")
        expect(page.locator("#decisions")).to_contain_text(premier.titre)
        v(page, "decisions publiees")
        page.goto(f"/consultation/{SLUG_2021}/seance/")
        with page.expect_download() as telechargement:
            page.get_by_role("link", name="Procès-verbal (PDF)").click()
        with open(telechargement.value.path(), "rb") as f:
            assert f.read(4) == b"%PDF"
    finally:
        anct.close()
    decision = DecisionComite.objects.get(**premier.filtre())
    assert decision.engagement.montant == 300_000
    assert Notification.objects.filter(cle__endswith=":selection").exists()
    _jusqu_au_store(navigateur, live_server, connecter, v, decision.service)
    _vers_l_axe_2(navigateur, live_server, connecter, v)


def _jusqu_au_store(navigateur, live_server, connecter, v, service):
    """Dijon se porte volontaire comme territoire référent ; l'ANCT refuse un jalon daté avant
    la sélection (saisie gardée), en pose un, complète la fiche et livre le service au
    Territoires Store ; Beaune le rejoint en un clic ; l'ANCT la met en service ; le montant
    engagé figure au tableau de bord public."""
    contexte, page = _contexte(navigateur, live_server, connecter, "dsi@dijon.demo.fr")
    try:
        page.goto(f"/consultation/services/{service.uuid}/")
        v(page, "service retenu vu par Dijon")
        cocher(page, "Territoire référent")
        page.get_by_label("Temps d'équipe apporté").fill("Une cheffe de projet à mi-temps")
        page.get_by_role("button", name="Se porter volontaire").click()
        expect(page.locator("#referents")).to_contain_text("Dijon")
        v(page, "Dijon referente")
        # Seule référente, Dijon ne réunit pas assez d'habitants pour l'appel national ouvert.
        page.get_by_role("link", name="Candidater à un appel national").click()
        v(page, "candidater a un appel national")
        page.get_by_role("button", name="Vérifier l'éligibilité").click()
        expect(page.locator("#verdict-candidature")).to_contain_text("ne réunissent pas assez")
        v(page, "referents trop peu nombreux")
    finally:
        contexte.close()

    contexte, page = _contexte(navigateur, live_server, connecter, "anct@demo.fonds.gouv.fr")
    try:
        page.goto(f"/consultation/services/{service.uuid}/pilotage/")
        v(page, "pilotage du service")
        page.locator("#formulaire-jalon").get_by_label("Jalon").fill("Premier prototype")
        veille = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
        page.locator("#formulaire-jalon").get_by_label("Échéance").fill(veille)
        page.get_by_role("button", name="Ajouter le jalon").click()
        expect(page.locator(".fr-alert--error")).to_contain_text("avant la sélection")
        expect(page.locator("#formulaire-jalon").get_by_label("Jalon")).to_have_value(
            "Premier prototype"
        )
        v(page, "jalon refuse")
        echeance = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
        page.locator("#formulaire-jalon").get_by_label("Échéance").fill(echeance)
        page.get_by_role("button", name="Ajouter le jalon").click()
        expect(page.locator("#jalons")).to_contain_text("Premier prototype")
        page.get_by_role("button", name="Livrer au Territoires Store").click()
        expect(page.locator(".fr-alert--error")).to_contain_text("pour qui")
        page.get_by_label("Pour qui").fill("Toutes les communes et leurs habitants.")
        page.get_by_label("Licence").fill("EUPL-1.2")
        page.get_by_role("button", name="Enregistrer la fiche").click()
        page.get_by_role("button", name="Livrer au Territoires Store").click()
        expect(page.locator("#statut-service")).to_contain_text("Territoires Store")
        v(page, "service livre")
    finally:
        contexte.close()

    contexte, page = _contexte(navigateur, live_server, connecter, "maire@beaune.demo.fr")
    try:
        page.goto("/consultation/territoires-store/")
        v(page, "territoires store")
        page.get_by_role("link", name=service.nom).click()
        page.get_by_role("button", name="Rejoindre ce service").click()
        expect(page.locator(".mes-adhesions")).to_contain_text("demande transmise")
        v(page, "Beaune demande a rejoindre")
    finally:
        contexte.close()

    contexte, page = _contexte(navigateur, live_server, connecter, "anct@demo.fonds.gouv.fr")
    try:
        page.goto("/consultation/territoires-store/demandes/")
        v(page, "demandes du store")
        page.get_by_role("button", name="Marquer Beaune en service").click()
        expect(page.locator("#demandes")).to_contain_text("En service depuis")
        page.goto(f"/consultation/services/{service.uuid}/")
        expect(page.locator("#utilisatrices")).to_contain_text("Beaune")
        page.goto("/tableau-de-bord/")
        engage = Engagement.objects.filter(enveloppe__axe="axe1").aggregate(s=Sum("montant"))["s"]
        expect(page.locator("main")).to_contain_text(en_euros(engage))
        v(page, "tableau de bord public")
    finally:
        contexte.close()


def _vers_l_axe_2(navigateur, live_server, connecter, v):
    """La Côte-d'Or, référente de RDV Solidarités, vérifie puis candidate à l'appel national
    ouvert (un département suffit seul) et arrive au dépôt du projet ; la page du service
    montre la candidature."""
    contexte, page = _contexte(navigateur, live_server, connecter, "numerique@cotedor.demo.fr")
    try:
        page.goto("/consultation/territoires-store/")
        page.get_by_role("link", name="RDV Solidarités").click()
        page.get_by_role("link", name="Candidater à un appel national").click()
        page.get_by_role("button", name="Vérifier l'éligibilité").click()
        expect(page.locator("#verdict-candidature")).to_contain_text("peuvent candidater")
        v(page, "Cote-d'Or peut candidater")
        page.get_by_role("button", name="Candidater et déposer le projet").click()
        expect(page.locator("main")).to_contain_text("candidate à l'appel")
        v(page, "depot de l'appel apres candidature")
        rdv = ServiceRetenu.objects.get(nom="RDV Solidarités")
        page.goto(f"/consultation/services/{rdv.uuid}/")
        expect(page.locator("#candidatures")).to_contain_text("Côte-d'Or")
        v(page, "service avec sa candidature")
    finally:
        contexte.close()
