from .groupes import BesoinConsolide, MouvementGroupe
from .propositions import Commentaire, Etiquette, Jonction, Proposition, Theme
from .tours import Tour
from .votes import Bulletin, Soutien

__all__ = [
    "BesoinConsolide",
    "Bulletin",
    "Commentaire",
    "Etiquette",
    "Jonction",
    "MouvementGroupe",
    "Proposition",
    "Soutien",
    "Theme",
    "Tour",
]
from .selection import Avis, DecisionComite, Deport, MembreComite  # noqa: E402

__all__ += ["Avis", "DecisionComite", "Deport", "MembreComite"]
from .referents import AdhesionService, Interet, Question, Reponse  # noqa: E402
from .services_retenus import FinancementGouvernance, Jalon, ServiceRetenu  # noqa: E402

__all__ += [
    "AdhesionService",
    "FinancementGouvernance",
    "Interet",
    "Jalon",
    "Question",
    "Reponse",
    "ServiceRetenu",
]
from .passerelle import CandidatureNationale  # noqa: E402

__all__ += ["CandidatureNationale"]
