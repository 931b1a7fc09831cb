"""Le formulaire d'un dossier déposé à un guichet territorial (sorte « territorial »).

Tout est facultatif au brouillon ; le dépôt vérifie le reste (`erreurs_de_depot`), dont les
réponses sont gardées dans `Dossier.donnees`."""

from decimal import Decimal

from django import forms

from fonds.dossiers.forms import DossierForm
from fonds.financement.montants import en_euros
from fonds.forms import MontantField

from .depenses import DEPENSES, LABS, LIBELLES


class DossierTerritorialForm(DossierForm):
    sorte_depense = forms.ChoiceField(
        label="Sorte de dépense", required=False, choices=[("", "— Choisir —"), *DEPENSES]
    )
    lab = forms.CharField(
        label="Laboratoire d'innovation territoriale impliqué",
        required=False,
        max_length=200,
        help_text="Son nom, si un lab porte le projet ou y est associé (obligatoire pour un "
        "projet de lab).",
    )
    equipe = forms.CharField(
        label="Équipe projet",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Compétences, ancienneté, complémentarité, disponibilité.",
    )
    usagers = forms.CharField(
        label="Usagers visés",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Qui, combien, et comment ce besoin a été confirmé.",
    )
    budget_total = MontantField(label="Budget total du projet (en euros)", required=False)
    plan_financement = forms.CharField(
        label="Plan de financement",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Autofinancement et autres financeurs, avec leurs montants.",
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        self.fields["sorte_depense"].choices = [("", "— Choisir —")] + [
            tuple(c) for c in dossier.guichet.categories or LIBELLES.items()
        ]

    @classmethod
    def erreurs_de_depot(cls, dossier) -> dict[str, list[str]]:
        d = dossier.donnees or {}
        erreurs: dict[str, list[str]] = {}
        eligibles = {c[0] for c in dossier.guichet.categories or LIBELLES.items()}
        if d.get("sorte_depense") not in eligibles:
            erreurs["sorte_depense"] = ["Choisissez une sorte de dépense éligible à ce guichet."]
        if d.get("sorte_depense") == LABS and not (d.get("lab") or "").strip():
            erreurs["lab"] = ["Un projet de lab nomme le laboratoire impliqué."]
        for champ, message in (
            ("equipe", "Présentez l'équipe projet."),
            ("usagers", "Dites quels usagers le projet vise."),
            ("plan_financement", "Donnez le plan de financement."),
        ):
            if not (d.get(champ) or "").strip():
                erreurs[champ] = [message]
        budget = d.get("budget_total")
        if not budget:
            erreurs["budget_total"] = ["Indiquez le budget total du projet."]
        elif dossier.montant_demande and dossier.montant_demande > Decimal(str(budget)):
            total = en_euros(Decimal(str(budget)))
            erreurs["montant_demande"] = [
                f"Le montant demandé dépasse le budget total du projet ({total})."
            ]
        return erreurs


def est_projet_de_lab(dossier) -> bool:
    return (dossier.donnees or {}).get("sorte_depense") == LABS
