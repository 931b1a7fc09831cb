from decimal import Decimal

from django import forms

from fonds.collectivites.forms import CollectiviteField
from fonds.collectivites.models import Departement, Region
from fonds.forms import BaseForm

from .enums import Contractualisation, NatureEnveloppe, TypeVersement
from .models import Enveloppe
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


class MouvementForm(BaseForm):
    montant = MontantField(label="Montant (en euros)", help_text="Par exemple : 150000")
    motif = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 2}))


class EnveloppeFilleForm(MouvementForm):
    nom = forms.CharField(label="Nom de l'enveloppe", max_length=200)
    nature = forms.ChoiceField(
        label="Nature",
        choices=[(v, lbl) for v, lbl in NatureEnveloppe.choices if v not in ("fonds", "axe")],
    )
    region = forms.ModelChoiceField(
        label="Région (axe 3)", queryset=Region.objects.all(), required=False
    )
    departement = forms.ModelChoiceField(
        label="Département (axe 3)", queryset=Departement.objects.all(), required=False
    )
    field_order = ["nom", "nature", "region", "departement", "montant", "motif"]


class RedeploiementForm(MouvementForm):
    destination = forms.ModelChoiceField(
        label="Vers l'enveloppe", queryset=Enveloppe.objects.none()
    )
    field_order = ["destination", "montant", "motif"]

    def __init__(self, *args, enveloppe, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = Enveloppe.objects.filter(
            parent_id=enveloppe.parent_id
        ).exclude(pk=enveloppe.pk)


class AttributionExceptionnelleForm(BaseForm):
    """Une subvention hors dossier : administrateurs seuls, motif obligatoire (journal d'audit).
    Toute autre subvention naît de l'acceptation d'un dossier, sur la page du dossier."""

    motif = forms.CharField(
        label="Motif de l'attribution exceptionnelle",
        help_text="Pourquoi cette subvention ne naît pas d'un dossier accepté : gardé dans le "
        "journal d'audit.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    beneficiaire = CollectiviteField(label="Collectivité bénéficiaire")
    objet = forms.CharField(label="Objet du projet", max_length=300)
    cout_eligible = MontantField(label="Coût éligible (en euros)")
    taux = forms.DecimalField(
        label="Taux de subvention (%)",
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=100,
        localize=True,
        error_messages={"invalid": "Saisissez un taux en pourcentage, par exemple 80."},
    )
    montant = MontantField(label="Montant de la subvention (en euros)")
    contractualisation = forms.ChoiceField(
        label="Contractualisation", choices=Contractualisation.choices
    )
    reference_crte = forms.CharField(
        label="Référence du CRTE", max_length=50, required=False, help_text="Axe 3 seulement."
    )
    duree_mois = forms.IntegerField(label="Durée (mois)", min_value=1, max_value=120, initial=24)
