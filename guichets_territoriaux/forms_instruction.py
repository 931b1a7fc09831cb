"""Les formulaires de l'instruction territoriale : les cinq critères, puis la décision."""

from django import forms

from fonds.financement.enums import Contractualisation
from fonds.forms import BaseForm, MontantField

from .models import ECHELLE, Critere

ECHELLE_LIBELLES = {1: "insuffisant", 2: "faible", 3: "moyen", 4: "bon", 5: "excellent"}


def _champs_des_criteres() -> dict:
    champs = {}
    for critere in Critere:
        champs[f"note_{critere.value}"] = forms.TypedChoiceField(
            label=f"{critere.label} : note",
            coerce=int,
            choices=[("", "— Noter de 1 à 5 —")]
            + [(n, f"{n} — {ECHELLE_LIBELLES[n]}") for n in ECHELLE],
            error_messages={"invalid_choice": "La note va de 1 (insuffisant) à 5 (excellent)."},
        )
        champs[f"justification_{critere.value}"] = forms.CharField(
            label=f"{critere.label} : justification",
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    return champs


class NotesForm(BaseForm):
    """Une note de 1 à 5 et une justification écrite pour chacun des cinq critères."""

    locals().update(_champs_des_criteres())

    def notes(self) -> dict[str, tuple[int, str]]:
        d = self.cleaned_data
        return {c: (d[f"note_{c}"], d[f"justification_{c}"]) for c in Critere.values}

    def par_critere(self):
        return [
            (c.label, self[f"note_{c.value}"], self[f"justification_{c.value}"]) for c in Critere
        ]


class DecisionTerritorialeForm(BaseForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("accepter", "Accepter"), ("refuser", "Refuser")],
        widget=forms.RadioSelect,
    )
    montant = MontantField(
        label="Montant accordé (en euros)",
        required=False,
        help_text="Vide : le plafond que permet la règle du guichet.",
    )
    mode = forms.ChoiceField(
        label="Contractualisation",
        choices=Contractualisation.choices,
        initial=Contractualisation.CONVENTION,
        widget=forms.RadioSelect,
    )
    reference_crte = forms.CharField(
        label="Référence du CRTE", max_length=50, required=False, help_text="Pour un CRTE."
    )
    motivation = forms.CharField(
        label="Motivation",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour un refus ; envoyée à la collectivité.",
    )

    def clean(self):
        d = super().clean()
        if d.get("decision") == "refuser" and not (d.get("motivation") or "").strip():
            self.add_error("motivation", "Motivez le refus : la collectivité la lira.")
        if (
            d.get("decision") == "accepter"
            and d.get("mode") == Contractualisation.CRTE
            and not (d.get("reference_crte") or "").strip()
        ):
            self.add_error("reference_crte", "Indiquez la référence du CRTE.")
        return d
