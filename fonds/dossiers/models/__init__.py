"""Guichets (où l'on dépose) et dossiers (ce qu'on y dépose), communs à tous les axes.

Un axe déclare ses guichets et, s'il le faut, ses étapes d'instruction (`Guichet.etapes`) ;
les règles qui changent un dossier sont dans `services.py`, une fonction par transition.
"""

from .dossiers import Dossier, DossierQuerySet
from .guichets import Guichet, GuichetQuerySet
from .pieces import (
    Annotation,
    Message,
    PieceJointe,
    PieceJointeQuerySet,
    StockagePrive,
    nom_aleatoire,
)

__all__ = [
    "Annotation",
    "Dossier",
    "DossierQuerySet",
    "Guichet",
    "GuichetQuerySet",
    "Message",
    "PieceJointe",
    "PieceJointeQuerySet",
    "StockagePrive",
    "nom_aleatoire",
]
