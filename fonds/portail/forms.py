from django import forms

from fonds.collectivites.forms import CollectiviteField
from fonds.forms import BaseForm

from .orientation import TypeProjet


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
