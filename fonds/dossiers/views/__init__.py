"""Pages des guichets et des dossiers : la collectivité remplit et dépose, les agents
instruisent. Chaque vue : périmètre → objet → formulaire → un service → message → redirection."""

from .deposant import (  # noqa: F401
    autosauvegarde,
    commencer,
    deposer,
    guichet,
    guichets,
    modifier,
    repondre_complements,
    retirer_piece,
    telecharger_piece,
)
from .dossier import (  # noqa: F401
    accepter,
    annoter,
    attribuer,
    classer_sans_suite,
    demander_complements,
    dossier,
    envoyer_message,
    etiqueter,
    franchir_etape,
    lettre_decision,
    passer_en_instruction,
    refuser,
)
from .instruction import (  # noqa: F401
    export_csv,
    export_xlsx,
    instruction,
    instruire_selection,
    m_attribuer_selection,
)
