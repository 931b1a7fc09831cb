"""Parcours « Je suis une collectivité… » : chacun vers le bon guichet, avec sa raison."""

import re

import pytest
from playwright.sync_api import expect

from fonds.collectivites.enums import Nature
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
from tests.parcours.gestes import choisir_collectivite, cocher

pytestmark = [pytest.mark.parcours, pytest.mark.django_db(transaction=True)]

LIBELLE = "Je suis une collectivité…"


def test_orientation_des_quatre_profils(page, verifier_accessibilite):
    cote_dor = DepartementFactory(code="21", nom="Côte-d'Or")
    CollectiviteFactory(
        nom="Conseil départemental de la Côte-d'Or",
        nature=Nature.DEPARTEMENT,
        population=530_000,
        departement=cote_dor,
    )
    CollectiviteFactory(nom="Métropole de Lyon", nature=Nature.EPCI, population=1_400_000)
    CollectiviteFactory(nom="Saint-Petit", population=850, departement=cote_dor)

    page.goto("/orientation/")
    verifier_accessibilite(page, "orientation")

    # Le faux pas : envoyer sans dire la nature du projet.
    choisir_collectivite(page, LIBELLE, "Saint-P", "Saint-Petit")
    page.get_by_role("button", name="Trouver mon guichet").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient 1 erreur")
    expect(page.get_by_text("Ce champ est obligatoire.")).to_be_visible()
    # Rien n'est perdu : la collectivité choisie reste dans le champ.
    expect(page.get_by_role("combobox", name=LIBELLE)).to_have_value(re.compile("^Saint-Petit"))
    verifier_accessibilite(page, "orientation sans type de projet")

    cas = [
        (
            "Conseil départemental",
            "Conseil départemental de la Côte-d'Or",
            "Collecter, exploiter, ouvrir ou partager des données",
            "Axe 2",
            "couvre au moins un département",
        ),
        (
            "Métropole de L",
            "Métropole de Lyon",
            "Dématérialiser des démarches",
            "Axe 2",
            "1 400 000 habitants",
        ),
        (
            "Saint-P",
            "Saint-Petit",
            "Dématérialiser des démarches",
            "Axe 3 : Guichet de la préfecture — Côte-d'Or (21)",
            "Saint-Petit en compte 850",
        ),
        (
            "Saint-P",
            "Saint-Petit",
            "Raccorder un service à FranceConnect",
            "Guichet forfaitaire FranceConnect / API",
            "5 000 €",
        ),
    ]
    for saisie, nom, projet, guichet, raison in cas:
        page.goto("/orientation/")
        choisir_collectivite(page, LIBELLE, saisie, nom)
        cocher(page, projet)
        page.get_by_role("button", name="Trouver mon guichet").click()
        resultat = page.get_by_role("status").filter(has=page.get_by_role("heading", level=2))
        expect(resultat.get_by_role("heading", level=2)).to_contain_text(guichet)
        expect(resultat).to_contain_text(raison)
        verifier_accessibilite(page, f"orientation {nom} {projet[:25]}")


def test_orientation_au_clavier_seul(page, verifier_accessibilite):
    """Le formulaire se remplit et s'envoie avec Tab, les flèches, Espace et Entrée."""
    cote_dor = DepartementFactory(code="21", nom="Côte-d'Or")
    CollectiviteFactory(nom="Saint-Petit", population=850, departement=cote_dor)
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
    expect(page.get_by_role("heading", level=2, name="Axe 1")).to_be_visible()
    verifier_accessibilite(page, "orientation au clavier")
