"""Les formulaires du jury : nommer un juré, évaluer un dossier, décider en séance."""

from django import forms

from fonds.forms import BaseForm, MontantField


class NominationForm(BaseForm):
    email = forms.EmailField(label="Adresse électronique du juré")
    president = forms.BooleanField(label="Préside le jury (membre de l'État)", required=False)


class EvaluationForm(BaseForm):
    """Une note et une justification par critère (nommées par le rang du critère dans la
    grille) ; « sans objet » laisse la note vide."""

    soumettre = forms.BooleanField(
        label="Soumettre l'évaluation (elle ne sera plus modifiable et deviendra visible des "
        "autres jurés)",
        required=False,
    )

    def __init__(self, *args, criteres, initial_notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteres = list(criteres)
        initial_notes = initial_notes or {}
        for c in self.criteres:
            valeur, justification = initial_notes.get(c.pk, (None, ""))
            self.fields[f"note_{c.ordre}"] = forms.ChoiceField(
                label=f"{c.libelle} (poids {c.poids}) : note sur {c.echelle}",
                choices=[("", "Sans objet")] + [(str(i), str(i)) for i in range(c.echelle + 1)],
                required=False,
                initial="" if valeur is None else str(valeur),
            )
            self.fields[f"justification_{c.ordre}"] = forms.CharField(
                label=f"{c.libelle} : justification",
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=5000,
                initial=justification,
            )

    def notes(self) -> dict:
        d = self.cleaned_data
        return {
            c.pk: (
                int(d[f"note_{c.ordre}"]) if d.get(f"note_{c.ordre}") not in (None, "") else None,
                d.get(f"justification_{c.ordre}", ""),
            )
            for c in self.criteres
        }


class DecisionSeanceForm(BaseForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("laureat", "Lauréat"), ("refuse", "Refusé")],
        widget=forms.RadioSelect,
    )
    montant = MontantField(
        label="Montant accordé (en euros)",
        required=False,
        help_text="Vide : l'aide demandée. Peut être inférieur, jamais supérieur.",
    )
    motivation = forms.CharField(
        label="Motivation",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
        help_text="Obligatoire pour un refus.",
    )

    def clean(self):
        d = super().clean()
        if d.get("decision") == "refuse" and not (d.get("motivation") or "").strip():
            self.add_error("motivation", "Motivez le refus : il est envoyé à la collectivité.")
        return d
