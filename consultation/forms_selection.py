"""Les formulaires du comité de sélection : composer, donner un avis, déclarer un conflit,
décider."""

from django import forms

from fonds.collectivites.models import Collectivite
from fonds.comptes.models import User
from fonds.forms import BaseForm, MontantField

from .models.selection import IssueSelection, Qualite, SensAvis, Voie


class MembreForm(BaseForm):
    courriel = forms.EmailField(label="Adresse électronique de la personne (compte du portail)")
    qualite = forms.ChoiceField(label="Qualité", choices=Qualite.choices)
    siren = forms.CharField(
        label="SIREN de sa collectivité",
        required=False,
        max_length=9,
        help_text="Pour proposer automatiquement ses déports (9 chiffres).",
    )
    organisation = forms.CharField(
        label="Organisation (ministère, association d'élus…)", required=False, max_length=200
    )

    def clean_courriel(self):
        courriel = self.cleaned_data["courriel"]
        personne = User.objects.filter(email__iexact=courriel, is_active=True).first()
        if personne is None:
            raise forms.ValidationError("Aucun compte actif n'a cette adresse.")
        self.personne = personne
        return courriel

    def clean_siren(self):
        siren = (self.cleaned_data.get("siren") or "").strip()
        self.collectivite = None
        if not siren:
            return siren
        if not (siren.isdigit() and len(siren) == 9):
            raise forms.ValidationError("Un SIREN a 9 chiffres.")
        self.collectivite = Collectivite.objects.filter(siren=siren).first()
        if self.collectivite is None:
            raise forms.ValidationError("Aucune collectivité n'a ce SIREN.")
        return siren

    def clean(self):
        d = super().clean()
        if d.get("qualite") == Qualite.COLLECTIVITE and not d.get("siren"):
            self.add_error("siren", "Un membre au titre d'une collectivité : donnez son SIREN.")
        return d


class AvisForm(BaseForm):
    sens = forms.ChoiceField(label="Avis", choices=SensAvis.choices, widget=forms.RadioSelect)
    texte = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea, max_length=5000
    )


class ConflitForm(BaseForm):
    motif = forms.CharField(label="En quoi avez-vous un intérêt à ce besoin ?", max_length=300)


class DecisionForm(BaseForm):
    issue = forms.ChoiceField(
        label="Décision", choices=IssueSelection.choices, widget=forms.RadioSelect
    )
    voie = forms.ChoiceField(
        label="Voie (si retenu)",
        choices=[("", "— choisir —"), *Voie.choices],
        required=False,
    )
    montant = MontantField(label="Montant engagé sur l'enveloppe (€, si retenu)", required=False)
    motivation = forms.CharField(
        label="Motivation (publiée)", widget=forms.Textarea, max_length=5000
    )
