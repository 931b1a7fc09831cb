"""Les formulaires de l'axe 3 : répartition, délégation, reprise, ouverture d'un guichet."""

from django import forms

from fonds.forms import BaseForm, MontantField

from .depenses import DEPENSES

TAILLE_MAX_CSV = 200 * 1024


class RepartitionForm(BaseForm):
    texte = forms.CharField(
        label="Répartition (CSV : code de la région ; montant)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=TAILLE_MAX_CSV,
        help_text="Une ligne par région, par exemple « 84;2500000,00 ». En-tête facultatif.",
    )
    fichier = forms.FileField(
        label="Ou un fichier CSV", required=False, help_text="Remplace le texte ci-dessus."
    )
    motif = forms.CharField(label="Motif", max_length=300, initial="Répartition de l'axe 3")
    confirmer = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_fichier(self):
        fichier = self.cleaned_data.get("fichier")
        if not fichier:
            return None
        if fichier.size > TAILLE_MAX_CSV:
            raise forms.ValidationError("Le fichier dépasse 200 Ko.")
        try:
            return fichier.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("Le fichier doit être un CSV encodé en UTF-8.") from None

    def contenu(self) -> str:
        return self.cleaned_data.get("fichier") or self.cleaned_data.get("texte") or ""


class DelegationForm(BaseForm):
    departement = forms.ModelChoiceField(label="Département", queryset=None, empty_label=None)
    montant = MontantField(label="Montant délégué (en euros)", max_digits=14)
    motif = forms.CharField(label="Motif", max_length=300)

    def __init__(self, *args, departements, **kwargs):
        super().__init__(*args, prefix="delegation", **kwargs)
        self.fields["departement"].queryset = departements
        self.fields["departement"].label_from_instance = lambda d: f"{d.nom} ({d.code})"


class RepriseForm(BaseForm):
    enveloppe = forms.ModelChoiceField(
        label="Enveloppe du département", queryset=None, empty_label=None
    )
    montant = MontantField(label="Montant repris (en euros)", max_digits=14)
    motif = forms.CharField(label="Motif", max_length=300)

    def __init__(self, *args, enveloppes, **kwargs):
        super().__init__(*args, prefix="reprise", **kwargs)
        self.fields["enveloppe"].queryset = enveloppes
        self.fields["enveloppe"].label_from_instance = lambda e: e.departement.nom


class OuvertureGuichetForm(BaseForm):
    nom = forms.CharField(label="Nom du guichet", max_length=200)
    description = forms.CharField(
        label="Présentation pour les collectivités",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ouverture = forms.DateField(
        label="Ouverture des dépôts", widget=forms.DateInput({"type": "date"})
    )
    cloture = forms.DateField(
        label="Clôture des dépôts",
        required=False,
        widget=forms.DateInput({"type": "date"}),
        help_text="Vide : guichet ouvert en continu.",
    )
    population_max = forms.IntegerField(
        label="Population maximale des demandeurs",
        required=False,
        min_value=1,
        max_value=100_000_000,
        help_text="Facultatif : pour réserver le guichet aux petites et moyennes collectivités.",
    )
    depenses = forms.MultipleChoiceField(
        label="Sortes de dépenses éligibles",
        choices=DEPENSES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une sorte de dépense éligible."},
    )

    def clean(self):
        donnees = super().clean()
        ouverture, cloture = donnees.get("ouverture"), donnees.get("cloture")
        if ouverture and cloture and cloture <= ouverture:
            self.add_error("cloture", "La clôture doit suivre l'ouverture.")
        return donnees
