from django import forms

from fonds.collectivites.forms import CollectiviteField
from fonds.dossiers.enums import TypeProjet
from fonds.forms import BaseForm


class OrientationForm(BaseForm):
    collectivite = CollectiviteField(
        label="Je suis une collectivité…",
        help_text="Nom, code INSEE, SIREN ou code postal. Exemple : « Dijon » ou « 21231 ».",
    )
    type_projet = forms.ChoiceField(
        label="…et mon projet consiste à",
        choices=TypeProjet.choices,
        widget=forms.RadioSelect,
    )


class JournalAuditForm(BaseForm):
    du = forms.DateField(
        label="Du",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Format : jj/mm/aaaa",
    )
    au = forms.DateField(
        label="Au",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Inclus. Format : jj/mm/aaaa",
    )

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            self.add_error("au", "La date de fin doit suivre la date de début.")
        return donnees
