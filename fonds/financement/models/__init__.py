"""L'argent du fonds : un grand livre, jamais un nombre décimal saisi dans un formulaire.

- `Enveloppe` : un montant, un propriétaire (axe, région, département) et un parent. Son montant
  ne change que par un `Mouvement` (dotation, délégation, redéploiement, retour).
  `montant_delegue` (somme des enveloppes filles) et `montant_engage` (somme des engagements
  vivants) sont tenus par les services sous verrou ; la base refuse qu'ils dépassent `montant`.
- `Engagement` : l'argent réservé sur une enveloppe pour une subvention.
- `Subvention` : la subvention unique d'un dossier lauréat, son cycle de vie, sa `Convention`
  (PDF versionné) et ses `Versement`.
"""

from .enveloppes import MONTANT, Engagement, Enveloppe, EnveloppeQuerySet, Mouvement
from .subventions import (
    Convention,
    ConventionQuerySet,
    Subvention,
    SubventionQuerySet,
    Versement,
)

__all__ = [
    "MONTANT",
    "Convention",
    "ConventionQuerySet",
    "Engagement",
    "Enveloppe",
    "EnveloppeQuerySet",
    "Mouvement",
    "Subvention",
    "SubventionQuerySet",
    "Versement",
]
