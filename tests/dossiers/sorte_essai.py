"""Une sorte de guichet d'essai, déclarée comme le ferait un axe, sans toucher au socle.

Un axe appelle `declarer()` depuis `AppConfig.ready()` ; la suite de tests l'appelle depuis
`tests/conftest.py` (le monde des preuves a un guichet de cette sorte). Tout ce qu'un axe peut
déclarer y est : formulaire, pièces, colonnes d'export, panneau de la page du dossier, étapes
d'instruction gardées, crochets de décision.
"""

from django.core.exceptions import ValidationError
from django.template import Template

from fonds.comptes import perms
from fonds.dossiers import types
from fonds.dossiers.enums import Axe
from fonds.dossiers.models import Annotation

from .formulaires import FormulaireAxeTest

CODE = "essai"


def _administrateur(user, dossier) -> bool:
    """Le jury ne se convoque que par l'administration (le prédicat d'un pas)."""
    return perms.est_administrateur(user)


def _creer_la_suite(*, dossier, par) -> None:
    """Crochet d'acceptation : ce qu'un axe ferait (créer la subvention…), ici une trace ; un
    dossier marqué `refuser_le_crochet` fait échouer la décision entière."""
    if dossier.donnees.get("refuser_le_crochet"):
        raise ValidationError("L'enveloppe de l'appel est épuisée.")
    Annotation.objects.create(dossier=dossier, auteur=par, texte=f"Suite donnée par {par.pk}")


def _contexte_panneau(*, dossier, user) -> dict:
    return {"thematique": dossier.donnees.get("thematique", "")}


SORTE = types.TypeGuichet(
    code=CODE,
    libelle="Appel d'essai",
    axe=Axe.AXE_2,
    formulaire=FormulaireAxeTest,
    pieces=(
        types.Piece("datapass", "Habilitation DataPass", obligatoire=True),
        types.Piece("autre", "Autre pièce"),
    ),
    colonnes_export=(
        types.Colonne("Thématique", lambda ligne: ligne["donnees"].get("thematique", "")),
    ),
    panneaux=(
        types.Panneau(
            template=Template(
                '<section aria-labelledby="essai-titre"><h2 id="essai-titre">Panneau de '
                "l'essai</h2><p>Thématique : {{ panneau.thematique|default:'—' }}</p></section>"
            ),
            contexte=_contexte_panneau,
            zone="laterale",
        ),
    ),
    etapes=(("preselectionne", "Pré-sélectionné"), ("au_jury", "Devant le jury")),
    transitions=(
        types.Transition("preselectionner", "Pré-sélectionner", vers="preselectionne"),
        types.Transition(
            "convoquer_le_jury",
            "Convoquer le jury",
            depuis=("preselectionne",),
            vers="au_jury",
            peut=_administrateur,
        ),
    ),
    apres_acceptation=(_creer_la_suite,),
)


def declarer() -> None:
    types.enregistrer(SORTE)


__all__ = ["CODE", "SORTE", "declarer"]
