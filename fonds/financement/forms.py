from decimal import Decimal

from django import forms

from fonds.collectivites import choix
from fonds.collectivites.forms import CollectiviteField
from fonds.collectivites.models import Departement, Region
from fonds.forms import BaseForm, DateBorneeField, MontantField

from .enums import Contractualisation, NatureEnveloppe, TypeVersement
from .models import Enveloppe
from .services.versements import PREMIER_VERSEMENT, dernier_versement


class VersementForm(BaseForm):
    type = forms.ChoiceField(label="Type de versement", choices=TypeVersement.choices)
    montant = MontantField(label="Montant (en euros)", help_text="Par exemple : 12 500,50")
    date = DateBorneeField(
        label="Date du versement", min_value=PREMIER_VERSEMENT, max_value=dernier_versement
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choix.servir_du_cache(self.fields["region"], choix.regions())
        choix.servir_du_cache(self.fields["departement"], choix.departements())


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
