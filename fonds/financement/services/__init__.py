"""Les règles de l'argent du fonds : une fonction par action, rangées par sous-domaine.

Chaque fonction vérifie la règle et le droit de la personne (`fonds.comptes.perms`), verrouille
les lignes concernées (enveloppes dans l'ordre de leur clé primaire, pour ne jamais
s'interbloquer), enregistre l'historique avec son motif et programme les notifications après
la validation de la transaction.

- `enveloppes` : enveloppes, mouvements de crédits (dotation, délégation, retour,
  redéploiement), engagements, arbre initial du fonds ;
- `decisions` : la subvention qui naît de l'acceptation d'un dossier (règles du guichet) ;
- `subventions` : attribution exceptionnelle (administrateur) et transitions d'une subvention ;
- `conventions` : émission, PDF, copie signée, contreseing ;
- `versements` : paiements d'une subvention.
"""

from .conventions import (
    TAILLE_MAX_CONVENTION_SIGNEE,
    autorite_signataire,
    contresigner_convention,
    deposer_convention_signee,
    emettre_convention,
    emettre_convention_automatiquement,
    generer_pdf_convention,
    noter_echec_generation,
    relancer_conventions_en_attente,
    rendre_pdf_convention,
    verifier_pdf,
)
from .decisions import Plafond, plafond_du_dossier, subventionner_dossier
from .enveloppes import (
    DOTATIONS,
    creer_enveloppe,
    deleguer,
    doter_fonds,
    engager,
    initialiser_fonds,
    liberer,
    redeployer,
    reduire,
    retourner,
)
from .subventions import annuler_subvention, attribuer_exceptionnellement, prononcer_decheance
from .versements import enregistrer_versement, verser_automatiquement

__all__ = [
    "DOTATIONS",
    "Plafond",
    "TAILLE_MAX_CONVENTION_SIGNEE",
    "annuler_subvention",
    "attribuer_exceptionnellement",
    "autorite_signataire",
    "contresigner_convention",
    "creer_enveloppe",
    "deleguer",
    "deposer_convention_signee",
    "doter_fonds",
    "emettre_convention",
    "emettre_convention_automatiquement",
    "engager",
    "enregistrer_versement",
    "generer_pdf_convention",
    "initialiser_fonds",
    "liberer",
    "noter_echec_generation",
    "plafond_du_dossier",
    "prononcer_decheance",
    "redeployer",
    "reduire",
    "relancer_conventions_en_attente",
    "rendre_pdf_convention",
    "retourner",
    "subventionner_dossier",
    "verifier_pdf",
    "verser_automatiquement",
]
