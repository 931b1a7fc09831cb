"""Le programme national d'investigations (axe 1) : une sorte de guichet du socle.

Une collectivité relevant d'une politique prioritaire (Agenda rural, quartiers prioritaires de
la politique de la ville, Petites Villes de Demain, Action Cœur de Ville) demande un appui pour
investiguer un problème, concevoir et tester de premières solutions. Le dossier suit la
mécanique du socle (brouillon, dépôt, instruction par l'ANCT, décision, subvention) ; la sorte
ajoute ses questions, sa pièce exigée et, sur un dossier accepté, le panneau qui sème une
proposition au tour de la consultation en recueil (`services/investigations.py`).

La politique prioritaire est déclarée par la collectivité et vérifiée par l'ANCT à
l'instruction : les listes officielles des communes PVD, ACV et des QPV ne sont pas dans le
registre."""

from django import forms

from fonds.dossiers import types
from fonds.dossiers.forms import DossierForm
from fonds.enums import Axe

from .models.propositions import ETIQUETTES

CODE = "investigations"

EXIGES = {
    "politique": "Dites de quelle politique prioritaire relève la collectivité.",
    "probleme": "Décrivez le problème à investiguer.",
    "demarche": "Dites comment vous investiguerez, concevrez et testerez les solutions.",
}


class InvestigationForm(DossierForm):
    """Le formulaire du socle, et les questions du programme (enregistrées dans `donnees`)."""

    politique = forms.ChoiceField(
        label="Politique prioritaire dont relève la collectivité",
        choices=[("", "— choisissez —"), *ETIQUETTES],
        required=False,
        help_text="L'ANCT la vérifie à l'instruction.",
    )
    probleme = forms.CharField(
        label="Le problème à investiguer",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    usagers = forms.CharField(
        label="Qui le subit",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    demarche = forms.CharField(
        label="La démarche : investiguer, concevoir, tester de premières solutions",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    @classmethod
    def erreurs_de_depot(cls, dossier) -> dict[str, list[str]]:
        return {
            champ: [message]
            for champ, message in EXIGES.items()
            if not str(dossier.donnees.get(champ) or "").strip()
        }


def _panneau(*, dossier, user) -> dict:
    from .services.investigations import panneau

    return panneau(dossier=dossier, user=user)


SORTE = types.TypeGuichet(
    code=CODE,
    libelle="Programme national d'investigations (axe 1)",
    axe=Axe.AXE_1,
    formulaire=InvestigationForm,
    pieces=(
        types.Piece("engagement", "Lettre d'engagement de l'exécutif", obligatoire=True),
        types.Piece("budget", "Budget prévisionnel"),
        types.Piece("autre", "Autre pièce"),
    ),
    panneaux=(
        types.Panneau("consultation/investigations/panneau.html", _panneau, agents_seulement=False),
    ),
    description="Collectivités relevant d'une politique prioritaire (Agenda rural, QPV, "
    "Petites Villes de Demain, Action Cœur de Ville) : investiguer un problème, concevoir et "
    "tester de premières solutions ; instruction par l'ANCT ; un dossier accepté peut semer "
    "une proposition au tour suivant de la consultation.",
)
