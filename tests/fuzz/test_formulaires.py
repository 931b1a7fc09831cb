"""Banc de fuzz : des données arbitraires postées à chaque formulaire du portail.

Pour chaque cible du registre (`tests/fuzz/formulaires.py`), Hypothesis poste des données
tirées selon le type des champs. Jamais d'erreur serveur (le client de test relève toute
exception) ; une saisie refusée revient avec un message en français près du champ. Chaque
exemple est joué dans un point de sauvegarde annulé ensuite : tous partent du même monde.

Le nombre d'exemples par formulaire se règle par FUZZ_EXEMPLES (30 par défaut). Les exemples
ne sont pas réduits (pas de phase « shrink ») pour garder un temps borné.
"""

import os

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import example, given

from fonds import pages_en_cache

from .formulaires import CIBLES
from .monde import construire
from .strategies import donnees, reglages

EXEMPLES = int(os.environ.get("FUZZ_EXEMPLES", "30"))

# Les marques d'une erreur DSFR près d'un champ, ou d'un message d'erreur de la page.
MARQUES_ERREUR = ("fr-error-text", "--error", "fr-alert--warning", "fr-alert--info")
# Des messages de Django restés en anglais trahiraient une traduction manquante.
ANGLAIS = ("This field", "Enter a", "Ensure this", "Select a valid", "is required")


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@pytest.mark.parametrize("cible", CIBLES, ids=str)
def test_formulaire_resiste(cible, client, territoire, roles, record_property):
    monde = construire(territoire, roles)
    if roles[cible.role] is not None:
        client.force_login(roles[cible.role])
    url = reverse(cible.url, kwargs=cible.kwargs(monde))
    champs = cible.champs_du_formulaire()
    joues = []

    @reglages(EXEMPLES)
    @given(data=donnees(champs))
    # Toujours joué : un caractère nul dans chaque champ (PostgreSQL le refuse).
    @example(data=dict.fromkeys(champs, "21231\x00"))
    def poster(data):
        joues.append(1)
        # Chaque exemple passe par le formulaire, pas par une page publique ou un fragment gardés.
        pages_en_cache.tout_renouveler()
        with transaction.atomic():
            envoyer = client.get if cible.methode == "get" else client.post
            response = envoyer(url, data)
            transaction.set_rollback(True)
        assert response.status_code < 500, response.status_code
        _verifier_message(cible, response, data)

    poster()
    record_property("exemples_fuzz", len(joues))


def _verifier_message(cible, response, data):
    """Une page de formulaire rendue à nouveau après un POST, ou un formulaire GET lié et
    invalide, porte un message d'erreur en français près du champ."""
    if response.status_code in (301, 302, 303, 403, 404, 405):
        return
    if "html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    if response.status_code == 400 and "400.html" in [t.name for t in response.templates]:
        # Refusée avant le formulaire (un caractère nul) : la page 400 le dit en français.
        assert "fr-alert--warning" in html and "caractère nul" in html, html[:500]
        return
    if cible.methode == "get":
        form = _formulaire_rendu(response, cible.champs)
        if not data or form.is_valid():
            return
    assert any(marque in html for marque in MARQUES_ERREUR), (
        f"{cible} a refusé la saisie ({response.status_code}) sans message près d'un champ"
    )
    for mot in ANGLAIS:
        assert mot not in html, f"{cible} affiche un message en anglais : « {mot} »"


def _formulaire_rendu(response, classe):
    """Le formulaire de la classe visée, tel que la page l'a rendu (quel que soit son nom)."""
    contextes = response.context if isinstance(response.context, list) else [response.context]
    for contexte in contextes:
        for valeur in contexte.flatten().values():
            if isinstance(valeur, classe):
                return valeur
    raise AssertionError(f"La page ne rend aucun formulaire {classe.__name__}.")
