"""Les chiffres publics du fonds en cache (Redis en production) : le tableau de bord et les
données ouvertes sont lus par beaucoup et changent peu.

La clé des chiffres porte un numéro de version ; chaque écriture de l'argent (voir
`services._enregistrer`) le renouvelle après la validation de la transaction, si bien que la
lecture suivante recalcule. Le délai court (`DUREE`) rattrape ce qui écrirait sans passer par
les services (administration de Django, commande `volume_national`).
"""

import uuid

from django.core.cache import cache

CLE_VERSION = "financement:chiffres:version"
DUREE = 300


def version() -> str:
    courante = cache.get(CLE_VERSION)
    if courante is None:
        cache.add(CLE_VERSION, uuid.uuid4().hex, timeout=None)
        courante = cache.get(CLE_VERSION)
    return courante


def invalider_chiffres() -> None:
    """Les chiffres publics ont changé : la prochaine lecture les recalcule."""
    cache.set(CLE_VERSION, uuid.uuid4().hex, timeout=None)


def chiffres():
    """`tableau_de_bord.chiffres()`, calculés une fois par version."""
    from . import tableau_de_bord

    return cache.get_or_set(
        f"financement:chiffres:{version()}", tableau_de_bord.chiffres, timeout=DUREE
    )
