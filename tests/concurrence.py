"""Ce que partagent les tests de concurrence (vrais fils, PostgreSQL) : le marqueur qui les
réserve à PostgreSQL, et le départ simultané de plusieurs actions, chacune dans son fil et sa
connexion."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

SEULEMENT_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite sérialise toute écriture et ignore SELECT … FOR UPDATE : le verrou de "
    "ligne ne se vérifie que sur PostgreSQL (lancer avec DATABASE_URL=postgres://…).",
)


def en_meme_temps(actions) -> list:
    """Lance chaque action dans son fil (sa connexion), toutes au même instant ; rend, dans
    l'ordre des actions, ce que chacune a rendu ou l'exception qu'elle a levée."""
    depart = threading.Barrier(len(actions))
    resultats = [None] * len(actions)

    def fil(i, action):
        try:
            depart.wait()
            resultats[i] = action()
        except Exception as exc:  # l'assertion du test dira laquelle
            resultats[i] = exc
        finally:
            connection.close()

    fils = [threading.Thread(target=fil, args=(i, a)) for i, a in enumerate(actions)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    return resultats


def rafale(actions) -> tuple[list, list]:
    """`en_meme_temps`, triées : les réussites (indice, résultat) et les refus des règles
    (indice, ValidationError ou PermissionDenied) ; toute autre exception (un interblocage,
    une erreur) fait échouer le test."""
    reussies, refusees, autres = [], [], []
    for i, resultat in enumerate(en_meme_temps(actions)):
        if isinstance(resultat, ValidationError | PermissionDenied):
            refusees.append((i, resultat))
        elif isinstance(resultat, Exception):
            autres.append((i, resultat))
        else:
            reussies.append((i, resultat))
    assert not autres, autres
    return reussies, refusees
