"""Ce qui change un dossier : une fonction par action, qui vérifie le droit et l'état,
enregistre (l'historique dit qui et quand, avec la raison), puis notifie après validation.

Aucune ne prend `request` ; elles lèvent `PermissionDenied` ou `ValidationError` avec un
message en français. Rangement : `depot` (la collectivité), `instruction` (les agents),
`pieces`, `messages` (messagerie et annotations) ; `_commun` porte le verrou et l'historique.
"""

from ._commun import CHAMPS_MODIFIABLES, _lien, agents, membres
from ._commun import _verrouiller as verrouiller_dossier
from .depot import (
    creer_dossier,
    deposer,
    enregistrer_brouillon,
    erreurs_de_depot,
    repondre_complements,
)
from .instruction import (
    accepter,
    accepter_automatiquement,
    attribuer,
    classer_sans_suite,
    demander_complements,
    etiqueter,
    franchir_etape,
    passer_en_instruction,
    refuser,
)
from .messages import annoter, envoyer_message
from .pieces import _creer_piece, ajouter_piece, analyser, retirer_piece

__all__ = [
    "CHAMPS_MODIFIABLES",
    "_creer_piece",
    "_lien",
    "accepter",
    "accepter_automatiquement",
    "agents",
    "ajouter_piece",
    "analyser",
    "annoter",
    "attribuer",
    "classer_sans_suite",
    "creer_dossier",
    "demander_complements",
    "deposer",
    "enregistrer_brouillon",
    "envoyer_message",
    "erreurs_de_depot",
    "etiqueter",
    "franchir_etape",
    "membres",
    "passer_en_instruction",
    "refuser",
    "repondre_complements",
    "retirer_piece",
    "verrouiller_dossier",
]
