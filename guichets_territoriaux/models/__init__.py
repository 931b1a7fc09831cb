from .instruction import ECHELLE, Contrat, Critere, Note

__all__ = ["ECHELLE", "Contrat", "Critere", "Note"]
