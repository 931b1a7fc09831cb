"""Les gestes qu'un parcours répète : choisir une collectivité, cocher une case du DSFR."""

import re

from playwright.sync_api import Page, expect


def choisir_collectivite(page: Page, libelle: str, saisie: str, nom: str) -> None:
    """Tape dans la combobox, descend avec la flèche jusqu'à `nom` et le retient par Entrée."""
    champ = page.get_by_role("combobox", name=libelle)
    champ.click()
    champ.press_sequentially(saisie, delay=30)
    liste = page.get_by_role("listbox", name="Collectivités proposées")
    expect(liste.get_by_role("option").first).to_be_visible()
    options = liste.get_by_role("option")
    for _ in range(options.count()):
        champ.press("ArrowDown")
        actif = champ.get_attribute("aria-activedescendant")
        if actif and nom in page.locator(f"#{actif}").inner_text():
            break
    champ.press("Enter")
    expect(champ).to_have_value(re.compile("^" + re.escape(nom)))
    expect(liste).to_be_hidden()


def cocher(page: Page, libelle: str) -> None:
    """Les radios et cases du DSFR : le libellé recouvre la case, on clique le libellé."""
    page.locator("label").filter(has_text=libelle).first.click()
