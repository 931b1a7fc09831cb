import datetime

from django import forms

from fonds.collectivites.forms import CollectiviteField
from fonds.dossiers.enums import TypeProjet
from fonds.forms import BaseForm, DateBorneeField


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


#: Les bornes du filtre : assez larges pour tout journal, assez étroites pour qu'aucun calcul
#: de date (le lendemain de « au ») ne déborde.
DEBUT_DU_JOURNAL = datetime.date(2000, 1, 1)
FIN_DU_JOURNAL = datetime.date(2100, 12, 31)


class JournalAuditForm(BaseForm):
    du = DateBorneeField(
        label="Du",
        required=False,
        min_value=DEBUT_DU_JOURNAL,
        max_value=FIN_DU_JOURNAL,
        help_text="Format : jj/mm/aaaa",
    )
    au = DateBorneeField(
        label="Au",
        required=False,
        min_value=DEBUT_DU_JOURNAL,
        max_value=FIN_DU_JOURNAL,
        help_text="Inclus. Format : jj/mm/aaaa",
    )

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            self.add_error("au", "La date de fin doit suivre la date de début.")
        return donnees
