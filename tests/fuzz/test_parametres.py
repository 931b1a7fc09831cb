"""Banc de fuzz des paramètres GET : chaque page que la matrice ouvre (filtres, tris,
recherche, orientation, pages JSON comme la recherche des collectivités ou les données
ouvertes) reçoit des valeurs arbitraires dans chacun des paramètres qu'elle lit.

Les paramètres ne sont pas déclarés à la main : une première requête, avec un paramètre
quelconque (un formulaire `Form(request.GET or None)` est alors lié), relève chaque nom que
la page lit dans `request.GET` (formulaires, filtres django-filter, pagination, `get()`
directs). Une page qui lit un paramètre nouveau est fuzzée d'office. Jamais d'erreur serveur,
jamais une page en anglais. FUZZ_EXEMPLES_GET exemples par page (15 par défaut).
"""

import os

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import cached_property
from hypothesis import example, given
from hypothesis import strategies as st

from fonds import pages_en_cache
from tests.preuves.conftest import monde  # noqa: F401 (le monde de la matrice)
from tests.preuves.monde import OK, ROLES
from tests.preuves.pages import PAGES
from tests.preuves.resolveur import motifs
from tests.preuves.test_matrice_permissions import GROUPES_MATRICE, _client, lire

from .strategies import DATES, ENORME, IDENTIFIANTS, NOMBRES_MAL_FORMES, TEXTE, reglages
from .test_formulaires import ANGLAIS

EXEMPLES = int(os.environ.get("FUZZ_EXEMPLES_GET", "15"))
VALEUR = st.one_of(TEXTE, ENORME, NOMBRES_MAL_FORMES, DATES, IDENTIFIANTS)


class _ParametresLus(QueryDict):
    """Un `request.GET` qui note chaque nom lu."""

    lus: set[str] = set()

    def __getitem__(self, cle):
        _ParametresLus.lus.add(cle)
        return super().__getitem__(cle)

    def __contains__(self, cle):
        _ParametresLus.lus.add(cle)
        return super().__contains__(cle)

    def get(self, cle, defaut=None):
        _ParametresLus.lus.add(cle)
        return super().get(cle, defaut)

    def getlist(self, cle, defaut=None):
        _ParametresLus.lus.add(cle)
        return super().getlist(cle, defaut)


def _get_enregistreur(self):
    return _ParametresLus(self.environ.get("QUERY_STRING", ""), encoding=self._encoding)


def parametres_lus(client, url: str) -> set[str]:
    """Les noms de paramètres GET que la page lit (une requête, dans la vraie pile Django)."""
    _ParametresLus.lus = set()
    GET = WSGIRequest.__dict__["GET"]
    WSGIRequest.GET = cached_property(_get_enregistreur)
    WSGIRequest.GET.__set_name__(WSGIRequest, "GET")
    try:
        lire(client.get(url, {"_fuzz": "1"}))
    finally:
        WSGIRequest.GET = GET
    return _ParametresLus.lus - {"_fuzz"}


def _pages():
    return [
        m
        for m in motifs(*GROUPES_MATRICE)
        if not m.nom.endswith("/")
        and m.nom in PAGES
        and any(issue == OK for issue in PAGES[m.nom].get.values())
    ]


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@pytest.mark.parametrize("motif", _pages(), ids=str)
def test_parametres_get_resistent(motif, monde, record_property):  # noqa: F811
    page = PAGES[motif.nom]
    role = next(r for r in ROLES if page.get[r] == OK)
    client = _client(monde, role)
    url = reverse(motif.nom, kwargs=page.kwargs(monde) if page.kwargs else {})
    noms = parametres_lus(client, url) | set(page.parametres_de(monde))
    record_property("parametres_get", len(noms))
    if not noms:
        return  # la page ne lit aucun paramètre : rien à fuzzer
    valeurs = st.one_of(VALEUR, st.lists(VALEUR, min_size=2, max_size=3))

    @reglages(EXEMPLES)
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(sorted(noms), valeurs)))
    # Toujours joués : un caractère nul (PostgreSQL le refuse) et une date hors calendrier.
    @example(data=dict.fromkeys(noms, "21231\x00"))
    @example(data=dict.fromkeys(noms, "9999-12-31"))
    def ouvrir(data):
        pages_en_cache.tout_renouveler()
        with transaction.atomic():
            response = client.get(url, data)
            brut = lire(response)
            transaction.set_rollback(True)
        assert response.status_code < 500, (response.status_code, data)
        if "html" in response.get("Content-Type", ""):
            html = brut.decode()
            for mot in ANGLAIS:
                assert mot not in html, f"{motif.nom} affiche un message en anglais : « {mot} »"

    ouvrir()
