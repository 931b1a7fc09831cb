from .appels import Appel, LigneBudget, Projet, Volet
from .forfaits import ApiNationale, DemandeForfait, SorteForfait, StatutDemande
from .jury import Critere, Evaluation, Jure, Note

__all__ = [
    "ApiNationale",
    "Appel",
    "Critere",
    "DemandeForfait",
    "Evaluation",
    "Jure",
    "LigneBudget",
    "Note",
    "Projet",
    "SorteForfait",
    "StatutDemande",
    "Volet",
]
