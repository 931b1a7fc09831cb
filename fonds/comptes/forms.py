from django import forms

from fonds.collectivites.forms import CollectiviteField
from fonds.forms import BaseForm

from .enums import Fonction


class InscriptionForm(forms.Form):
    """Champs ajoutés au formulaire d'inscription d'allauth (ACCOUNT_SIGNUP_FORM_CLASS)."""

    # Le prénom et le nom d'abord, puis l'adresse e-mail et le mot de passe d'allauth.
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    first_name = forms.CharField(
        label="Prénom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Nom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class DemandeAdhesionForm(BaseForm):
    collectivite = CollectiviteField(
        label="Collectivité ou groupement",
        help_text="Nom, code INSEE, SIREN ou code postal. Exemple : « Dijon » ou « 21231 ».",
    )
    fonction = forms.ChoiceField(
        label="Vous agissez en tant que", choices=Fonction.choices, widget=forms.RadioSelect
    )
    intitule_poste = forms.CharField(
        label="Intitulé du poste ou du mandat",
        max_length=150,
        required=False,
        help_text="Exemple : directrice des systèmes d'information, adjoint au maire.",
    )


class RefusAdhesionForm(BaseForm):
    motif = forms.CharField(
        label="Motif du refus",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Il sera communiqué à la personne.",
    )


class DeclarationConflitForm(BaseForm):
    collectivite = CollectiviteField(
        label="Collectivité ou groupement",
        help_text="Nom, code INSEE, SIREN ou code postal. Exemple : « Dijon » ou « 21231 ».",
    )
    motif = forms.CharField(
        label="Motif du conflit d'intérêts",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Exemple : conseillère municipale de la commune, conjoint agent de l'EPCI.",
    )
