"""Parcours « Je suis une collectivité… » : chacun finit sur la page d'un vrai guichet ouvert,
avec sa raison chiffrée ; la page du guichet donne le verdict et, pour une collectivité
admise seulement, « Commencer un dossier »."""

import re

import pytest
from playwright.sync_api import expect

from fonds.collectivites.enums import Nature
from fonds.dossiers.enums import TYPES_PROJET_AXE_3, Axe, CouvertureDepartement, TypeProjet
from fonds.dossiers.models import Dossier
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
from tests.comptes.factories import AdhesionFactory
from tests.dossiers.factories import GuichetFactory
from tests.parcours.gestes import choisir_collectivite, cocher

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]

LIBELLE = "Je suis une collectivité…"
NATIONAL = {"departement": None, "region": None, "role_instructeur": "dinum"}


def _guichets():
    ille = DepartementFactory(code="35", nom="Ille-et-Vilaine")
    alpes = DepartementFactory(code="04", nom="Alpes-de-Haute-Provence")
    GuichetFactory(
        nom="Appel à projets national — vague 3",
        slug="appel-national",
        axe=Axe.AXE_2,
        population_min=500_000,
        couverture_departement=CouvertureDepartement.SUFFIT,
        types_projet=[TypeProjet.DEMARCHES, TypeProjet.DONNEE, TypeProjet.ECOSYSTEMES],
        **NATIONAL,
    )
    GuichetFactory(
        nom="Consultation des collectivités",
        slug="consultation",
        axe=Axe.AXE_1,
        types_projet=[TypeProjet.BESOIN_COMMUN],
        departement=None,
        role_instructeur="anct",
    )
    GuichetFactory(
        nom="Guichet de la préfecture d'Ille-et-Vilaine",
        slug="prefecture-35",
        departement=ille,
        types_projet=list(TYPES_PROJET_AXE_3),
    )
    GuichetFactory(
        nom="Guichet de la préfecture des Alpes-de-Haute-Provence",
        slug="prefecture-04",
        departement=alpes,
        types_projet=list(TYPES_PROJET_AXE_3),
        population_max=20_000,
    )
    return ille, alpes


def _orienter(page, saisie, nom, projet):
    page.goto("/orientation/")
    choisir_collectivite(page, LIBELLE, saisie, nom)
    cocher(page, projet)
    page.get_by_role("button", name="Trouver mon guichet").click()
    return page.get_by_role("status").filter(has=page.get_by_role("heading", level=2))


def test_quatre_collectivites_finissent_sur_un_guichet_ouvert(page, verifier_accessibilite):
    ille, alpes = _guichets()
    CollectiviteFactory(
        nom="Rennes Métropole", nature=Nature.EPCI, population=473_973, departement=ille
    )
    CollectiviteFactory(
        nom="Métropole Rouen Normandie",
        nature=Nature.EPCI,
        population=500_703,
        departement=DepartementFactory(code="76", nom="Seine-Maritime"),
    )
    CollectiviteFactory(
        nom="Département d'Ille-et-Vilaine",
        nature=Nature.DEPARTEMENT,
        population=1_100_000,
        departement=ille,
    )
    CollectiviteFactory(nom="Majastres", population=5, departement=alpes)

    page.goto("/orientation/")
    verifier_accessibilite(page, "orientation")
    # Le faux pas : envoyer sans dire la nature du projet ; rien n'est perdu.
    choisir_collectivite(page, LIBELLE, "Majast", "Majastres")
    page.get_by_role("button", name="Trouver mon guichet").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient 1 erreur")
    expect(page.get_by_role("combobox", name=LIBELLE)).to_have_value(re.compile("^Majastres"))
    verifier_accessibilite(page, "orientation sans type de projet")

    # Rennes Métropole : pas l'appel national (la règle, chiffrée), mais l'axe 3 et la
    # consultation.
    resultat = _orienter(page, "Rennes M", "Rennes Métropole", "Dématérialiser des démarches")
    expect(resultat).to_contain_text(
        "Rennes Métropole : 473 973 habitants < 500 000 et ne couvre aucun département."
    )
    expect(resultat.get_by_role("link", name="Consultation des collectivités")).to_be_visible()
    verifier_accessibilite(page, "orientation Rennes Métropole")
    resultat.get_by_role("link", name="Guichet de la préfecture d'Ille-et-Vilaine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Guichet de la préfecture d'Ille-et-Vilaine"
    )
    verifier_accessibilite(page, "guichet de la préfecture d'Ille-et-Vilaine")

    cas = [
        (
            "Métropole Rouen",
            "Métropole Rouen Normandie",
            "Collecter, exploiter",
            "Métropole Rouen Normandie : 500 703 habitants ≥ 500 000.",
            "Appel à projets national — vague 3",
        ),
        (
            "Département d'Ille",
            "Département d'Ille-et-Vilaine",
            "Cybersécurité",
            "Département d'Ille-et-Vilaine est dans le département du guichet",
            "Guichet de la préfecture d'Ille-et-Vilaine",
        ),
        (
            "Majast",
            "Majastres",
            "Étude, diagnostic",
            "Majastres : 5 habitants ≤ 20 000, plafond du guichet.",
            "Guichet de la préfecture des Alpes-de-Haute-Provence",
        ),
    ]
    for saisie, nom, projet, raison, guichet in cas:
        resultat = _orienter(page, saisie, nom, projet)
        expect(resultat).to_contain_text(raison)
        verifier_accessibilite(page, f"orientation {nom}")
        resultat.get_by_role("link", name=guichet).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(guichet)
        expect(page.get_by_role("heading", name="Qui peut déposer")).to_be_visible()
        verifier_accessibilite(page, f"guichet pour {nom}")


def test_la_page_du_guichet_dit_qui_peut_commencer(
    page, contexte, connecter, verifier_accessibilite
):
    ille, _alpes = _guichets()
    rennes = CollectiviteFactory(
        nom="Rennes Métropole", nature=Nature.EPCI, population=473_973, departement=ille
    )
    membre = AdhesionFactory(collectivite=rennes).user

    # Un anonyme voit les guichets ouverts et leurs règles.
    page.goto("/guichets/")
    expect(page.get_by_role("heading", name="Appel à projets national — vague 3")).to_be_visible()
    expect(
        page.get_by_text("Couvrir au moins un département, ou compter au moins 500 000")
    ).to_be_visible()
    verifier_accessibilite(page, "guichets ouverts")
    page.get_by_label("Département de la collectivité").select_option("04")
    page.get_by_role("button", name="Filtrer").click()
    expect(
        page.get_by_role("heading", name="Guichet de la préfecture d'Ille-et-Vilaine")
    ).to_have_count(0)
    verifier_accessibilite(page, "guichets filtrés")

    connecter(contexte, membre)
    page.goto("/guichets/appel-national/")
    expect(
        page.get_by_role("heading", name="Rennes Métropole : ne peut pas déposer")
    ).to_be_visible()
    expect(page.get_by_text("473 973 habitants < 500 000")).to_be_visible()
    expect(page.get_by_role("button", name="Commencer un dossier")).to_have_count(0)
    verifier_accessibilite(page, "guichet refusé")

    page.goto("/guichets/prefecture-35/")
    expect(page.get_by_role("heading", name="Rennes Métropole : peut déposer")).to_be_visible()
    page.get_by_role("button", name="Commencer un dossier").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert Dossier.objects.filter(collectivite=rennes, guichet__slug="prefecture-35").count() == 1
    verifier_accessibilite(page, "brouillon commencé")


def test_orientation_au_clavier_seul(page, verifier_accessibilite):
    """Le formulaire se remplit et s'envoie avec Tab, les flèches, Espace et Entrée."""
    _ille, alpes = _guichets()
    CollectiviteFactory(nom="Saint-Petit", population=850, departement=alpes)
    page.goto("/orientation/")

    champ = page.get_by_role("combobox", name=LIBELLE)
    for _ in range(40):
        page.keyboard.press("Tab")
        if champ.evaluate("element => element === document.activeElement"):
            break
    expect(champ).to_be_focused()
    page.keyboard.type("Saint-P", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(champ).to_have_value(re.compile("^Saint-Petit"))

    # Tab mène au groupe de boutons radio ; les flèches choisissent, Espace coche.
    premier = page.get_by_role("radio").first
    page.keyboard.press("Tab")
    expect(premier).to_be_focused()
    page.keyboard.press("Space")
    expect(premier).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio").nth(1)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Trouver mon guichet")).to_be_focused()
    page.keyboard.press("Enter")
    # Un besoin commun : la consultation est ouverte.
    expect(page.get_by_role("heading", level=2, name="Pour Saint-Petit")).to_be_visible()
    expect(page.get_by_role("link", name="Consultation des collectivités")).to_be_visible()
    verifier_accessibilite(page, "orientation au clavier")
