"""Parcours de la consultation, depuis la démonstration : Beaune propose un besoin (refusé
d'abord sans le problème, sa saisie gardée), Dijon le rejoint ; l'ANCT garde la proposition,
en réoriente une autre vers un guichet, la regroupe avec le doublon que le portail suggère et
clôt le recueil plus tôt ; Dijon et Beaune votent, Beaune change son bulletin ; les résultats
se lisent par taille de collectivité ; la partenaire est refusée au bulletin."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from consultation.demo import SLUG
from consultation.enums import Issue, Phase
from consultation.models import Bulletin, Proposition, Soutien, Tour
from fonds import contributions
from fonds.comptes.models import User
from tests.parcours.gestes import cocher

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]

TITRE = "Prise de rendez-vous en ligne pour les cartes d'identité"


@pytest.fixture
def demonstration():
    call_command("charger_registre", verbosity=0)
    contributions.demo(contributions.Demo(site="http://testserver", ecrire=lambda _: None))


def _contexte(navigateur, live_server, connecter, email):
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    connecter(contexte, User.objects.get(email=email))
    return contexte, contexte.new_page()


def _proposer(page, verifier):
    page.goto(f"/consultation/{SLUG}/")
    verifier(page, "tour en recueil")
    expect(page.locator("#phase-en-cours")).to_contain_text("Recueil")
    page.get_by_role("link", name="Proposer un besoin ou un service").click()
    verifier(page, "formulaire de proposition")
    cocher(page, "Besoin")
    page.get_by_label("Titre").fill(TITRE)
    page.get_by_label("Besoin : qui le subit").fill("Les habitants et l'accueil de la mairie.")
    page.get_by_role("button", name="Déposer la proposition").click()
    expect(page.locator(".fr-alert--error")).to_contain_text("Décrivez le problème")
    expect(page.get_by_label("Titre")).to_have_value(TITRE)
    verifier(page, "proposition refusee sans probleme")
    page.get_by_label("Besoin : le problème").fill(
        "Chaque demande de carte d'identité passe par un appel à l'accueil."
    )
    page.get_by_role("button", name="Déposer la proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITRE)
    verifier(page, "proposition deposee")


def test_un_tour_de_la_demonstration(
    demonstration, navigateur, live_server, connecter, verifier_accessibilite
):
    v = verifier_accessibilite
    beaune, page = _contexte(navigateur, live_server, connecter, "maire@beaune.demo.fr")
    try:
        _proposer(page, v)
    finally:
        beaune.close()
    proposition = Proposition.objects.get(titre=TITRE)

    dijon, page = _contexte(navigateur, live_server, connecter, "dsi@dijon.demo.fr")
    try:
        page.goto(f"/consultation/{SLUG}/propositions/?q=cartes+identité")
        v(page, "recherche des propositions")
        page.get_by_role("link", name=TITRE).click()
        page.get_by_label("Collectivité qui a aussi ce besoin").select_option(label="Dijon (21)")
        page.get_by_role("button", name="Nous avons aussi ce besoin").click()
        expect(page.locator("#nombre-jonctions")).to_contain_text("1 collectivité a rejoint")
        v(page, "jonction de dijon")
    finally:
        dijon.close()

    anct, page = _contexte(navigateur, live_server, connecter, "anct@demo.fonds.gouv.fr")
    try:
        page.goto(f"/consultation/{SLUG}/moderation/")
        v(page, "moderation")
        page.get_by_role("link", name="Tableau de bord de la qualité de l'air").click()
        cocher(page, "Réorientée vers un autre guichet")
        page.get_by_label("Guichet vers lequel la réorienter").select_option(
            value="demonstration-cote-d-or"
        )
        page.get_by_label("Raison publiée").fill("Un projet de données relève de l'axe 3.")
        page.get_by_role("button", name="Décider de l'issue").click()
        expect(page.locator("#issue")).to_have_text("Réorientée vers un autre guichet")
        v(page, "proposition reorientee")

        page.goto(f"/consultation/propositions/{proposition.uuid}/")
        cocher(page, "Gardée pour le vote")
        page.get_by_role("button", name="Décider de l'issue").click()
        expect(page.locator("#issue")).to_have_text("Gardée pour le vote")
        page.get_by_role("link", name="Regrouper avec ses doublons probables").click()
        v(page, "doublons suggeres")
        suggestion = page.locator("label").filter(
            has_text="Prise de rendez-vous en ligne pour l'état civil"
        )
        expect(suggestion).to_contain_text("Suggestion")
        suggestion.click()
        page.get_by_label("Ou un besoin consolidé nouveau : titre").fill(
            "Prendre rendez-vous en ligne avec la mairie"
        )
        page.get_by_label("Description du besoin consolidé nouveau").fill(
            "Un service commun de prise de rendez-vous pour les démarches d'état civil."
        )
        page.get_by_role("button", name="Regrouper").click()
        expect(page.locator("#membres")).to_contain_text(TITRE)
        expect(page.locator("#membres")).to_contain_text("pour l'état civil")
        v(page, "besoin consolide")

        page.goto(f"/consultation/{SLUG}/calendrier/")
        v(page, "calendrier")
        maintenant = timezone.localtime() - datetime.timedelta(minutes=2)
        page.get_by_label("Date à déplacer").select_option(value="vote_debut")
        page.get_by_label("Nouvelle date").fill(maintenant.date().isoformat())
        page.get_by_label("Heure").fill(maintenant.strftime("%H:%M"))
        page.get_by_label("Motif").fill("Assez de propositions : le vote s'ouvre plus tôt.")
        page.get_by_role("button", name="Modifier le calendrier").click()
        expect(page.locator("#phase")).to_have_text("Vote des collectivités")
        v(page, "recueil clos plus tot")

        # Un second tour, sur ce qui reste de l'axe 1 : un vote qui s'ouvrirait avant le recueil
        # est refusé, la saisie gardée ; corrigé, le tour s'ouvre sur son calendrier.
        page.goto("/consultation/")
        page.get_by_role("link", name="Ouvrir un tour").click()
        v(page, "ouvrir un tour")
        jour = timezone.localdate()
        page.get_by_label("Nom du tour").fill("Consultation 2027")
        dates = {
            "Ouverture du recueil": 30,
            "Ouverture du vote": 20,
            "Fin du vote": 120,
            "Ouverture de l'expression d'intérêt": 150,
            "Début du développement": 200,
        }
        for libelle, jours in dates.items():
            page.get_by_label(libelle).fill((jour + datetime.timedelta(days=jours)).isoformat())
        page.get_by_label("Enveloppe du tour").fill("1 000 000")
        page.get_by_role("button", name="Ouvrir le tour").click()
        expect(page.locator(".fr-alert--error")).to_contain_text("doit commencer après")
        expect(page.get_by_label("Nom du tour")).to_have_value("Consultation 2027")
        v(page, "tour refuse")
        vote = (jour + datetime.timedelta(days=90)).isoformat()
        page.get_by_label("Ouverture du vote").fill(vote)
        page.get_by_role("button", name="Ouvrir le tour").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Calendrier du tour")
        v(page, "tour ouvert")
    finally:
        anct.close()
    second = Tour.objects.get(nom="Consultation 2027")
    assert second.enveloppe.montant == 1_000_000 and second.enveloppe.parent.axe == "axe1"
    assert Tour.objects.get(slug=SLUG).phase() == Phase.VOTE

    groupe_rdv = "Prendre rendez-vous en ligne avec la mairie"
    groupe_salles = "Réserver les salles et les équipements en ligne"
    dijon, page = _contexte(navigateur, live_server, connecter, "dsi@dijon.demo.fr")
    try:
        page.goto(f"/consultation/{SLUG}/bulletin/")
        v(page, "bulletin de dijon")
        page.get_by_label("Collectivité qui vote", exact=True).select_option(label="Dijon (21)")
        cocher(page, groupe_rdv)
        cocher(page, groupe_salles)
        page.get_by_role("button", name="Enregistrer le bulletin").click()
        expect(page.locator("#bulletin-actuel")).to_contain_text("2 soutiens")
    finally:
        dijon.close()

    beaune, page = _contexte(navigateur, live_server, connecter, "maire@beaune.demo.fr")
    try:
        page.goto(f"/consultation/{SLUG}/bulletin/")
        cocher(page, groupe_salles)
        page.get_by_role("button", name="Enregistrer le bulletin").click()
        expect(page.locator("#bulletin-actuel")).to_contain_text("1 soutien")
        # Beaune change d'avis : elle soutient le rendez-vous en ligne, plus les salles.
        cocher(page, groupe_salles)
        cocher(page, groupe_rdv)
        page.get_by_role("button", name="Enregistrer le bulletin").click()
        expect(page.locator("#bulletin-actuel")).to_contain_text("1 soutien")
        v(page, "bulletin de beaune change")

        page.goto(f"/consultation/{SLUG}/resultats/")
        v(page, "resultats par taille")
        ligne = page.locator("#resultats tbody tr").filter(has_text=groupe_rdv)
        expect(ligne.locator("td").first).to_have_text("2")
    finally:
        beaune.close()

    partenaire, page = _contexte(
        navigateur, live_server, connecter, "partenaire@demo.fonds.gouv.fr"
    )
    try:
        avant = Soutien.objects.count()
        reponse = page.goto(f"/consultation/{SLUG}/bulletin/")
        assert reponse.status == 403
        expect(page.locator("body")).to_contain_text("ne votent pas")
        v(page, "partenaire refusee au bulletin")
        assert Soutien.objects.count() == avant
    finally:
        partenaire.close()

    beaune_bulletin = Bulletin.objects.get(tour__slug=SLUG, collectivite__code_insee="21054")
    assert beaune_bulletin.history.count() == 2
    assert [s.groupe.titre for s in beaune_bulletin.soutiens.all()] == [groupe_rdv]
    assert Proposition.objects.get(titre=TITRE).issue == Issue.GARDEE
