"""Les chiffres publics du fonds en cache (Redis en production) : le tableau de bord et les
données ouvertes sont lus par beaucoup et changent peu.

La clé des chiffres porte un numéro de version ; chaque écriture de l'argent (voir
`services._commun._enregistrer`) le renouvelle après la validation de la transaction, si bien que la
lecture suivante recalcule. Le délai court (`DUREE`) rattrape ce qui écrirait sans passer par
les services (administration de Django, commande `volume_national`).
"""

from django.core.cache import cache

from fonds import pages_en_cache

VERSION = "financement:chiffres"
DUREE = 300


def version() -> str:
    """La version des chiffres de l'argent (lue aussi par les pages en cache qui les montrent)."""
    return pages_en_cache.version(VERSION)


def invalider_chiffres() -> None:
    """Les chiffres publics ont changé : la prochaine lecture les recalcule."""
    pages_en_cache.renouveler(VERSION)


def chiffres():
    """`tableau_de_bord.chiffres()`, calculés une fois par version."""
    from . import tableau_de_bord

    return cache.get_or_set(
        f"financement:chiffres:{version()}", tableau_de_bord.chiffres, timeout=DUREE
    )
