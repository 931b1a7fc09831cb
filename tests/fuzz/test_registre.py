"""Le registre du banc de fuzz est complet : une adresse en POST du portail, ou un formulaire
du portail, absent du registre (`tests/fuzz/formulaires.py`) fait échouer ce test, comme une
page absente de la matrice des permissions."""

import importlib
import pkgutil

import pytest

from fonds.forms import BaseForm
from tests.preuves.monde import CONNEXION, INTERDIT, INTROUVABLE, METHODE
from tests.preuves.pages import PAGES
from tests.preuves.resolveur import NOS_PAQUETS, motifs

from .formulaires import AUTRES_BANCS, CIBLES, SANS_SAISIE

REFUS = {METHODE, CONNEXION, INTERDIT, INTROUVABLE}


def _posts_acceptes() -> list[str]:
    """Nos adresses dont un POST est accepté par au moins un rôle (d'après la matrice)."""
    return sorted(
        m.nom
        for m in motifs("projet")
        if m.nom in PAGES and set(PAGES[m.nom].post.values()) - REFUS
    )


def test_chaque_post_du_portail_est_fuzze():
    dans_le_registre = {c.url for c in CIBLES} | set(SANS_SAISIE)
    absents = [nom for nom in _posts_acceptes() if nom not in dans_le_registre]
    assert not absents, (
        f"Ces adresses acceptent un POST mais ne sont pas dans le banc de fuzz : {absents}.\n"
        "Ajoutez une ligne à CIBLES de tests/fuzz/formulaires.py, par exemple :\n"
        '    Cible("app:nom_url", "role_qui_poste", ClasseDuFormulaire, arguments_de_l_url),\n'
        "ou, pour un simple bouton sans champ, à SANS_SAISIE avec la raison."
    )


def _importer_nos_modules() -> None:
    for paquet in NOS_PAQUETS:
        racine = importlib.import_module(paquet.rstrip("."))
        for info in pkgutil.walk_packages(racine.__path__, paquet):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            importlib.import_module(info.name)


def _sous_classes(classe) -> set:
    trouvees = set()
    for sous in classe.__subclasses__():
        trouvees |= {sous} | _sous_classes(sous)
    return trouvees


def formulaires_du_portail() -> list[type]:
    _importer_nos_modules()
    return sorted(
        (c for c in _sous_classes(BaseForm) if c.__module__.startswith(NOS_PAQUETS)),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def _champs_fuzzes() -> set[int]:
    return {id(champ) for cible in CIBLES for champ in cible.champs_du_formulaire().values()}


@pytest.mark.parametrize("formulaire", formulaires_du_portail(), ids=lambda c: c.__qualname__)
def test_chaque_formulaire_du_portail_est_fuzze(formulaire):
    nom = f"{formulaire.__module__}.{formulaire.__qualname__}"
    if nom in AUTRES_BANCS:
        return
    fuzzes = _champs_fuzzes()
    manquants = [n for n, champ in formulaire.base_fields.items() if id(champ) not in fuzzes]
    assert not manquants, (
        f"Le formulaire {nom} n'est pas (entièrement) dans le banc de fuzz : champs {manquants}."
        "\nAjoutez sa Cible à CIBLES de tests/fuzz/formulaires.py (ses `base_fields`), ou, "
        "s'il est fuzzé par un autre banc, une ligne à AUTRES_BANCS avec la raison."
    )
