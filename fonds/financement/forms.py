from django import forms

from fonds.forms import BaseForm

from .enums import TypeVersement
from .montants import MAXIMUM


class MontantField(forms.DecimalField):
    """Montant en euros saisi à la française (12 500,50), deux décimales au plus."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAXIMUM)
        kwargs.setdefault("localize", True)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Saisissez un montant en euros, par exemple 12500,50.",
                "max_decimal_places": "Un montant a au plus deux chiffres après la virgule.",
                "max_digits": "Ce montant dépasse ce que le fonds peut gérer.",
                "min_value": "Le montant doit être supérieur à zéro.",
            },
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
            value = value.removesuffix("€")
        return super().to_python(value)


class VersementForm(BaseForm):
    type = forms.ChoiceField(label="Type de versement", choices=TypeVersement.choices)
    montant = MontantField(label="Montant (en euros)", help_text="Par exemple : 12500,50")
    date = forms.DateField(
        label="Date du versement",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reference = forms.CharField(
        label="Référence comptable", max_length=50, help_text="Numéro de la demande de paiement."
    )


class ConventionSigneeForm(BaseForm):
    fichier = forms.FileField(
        label="Convention signée",
        help_text="Au format PDF, 10 Mo au plus.",
        widget=forms.FileInput(attrs={"accept": "application/pdf", "class": "fr-upload"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].widget.group_class = "fr-upload-group"


class MotifForm(BaseForm):
    motif = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}))
