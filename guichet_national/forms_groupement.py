"""Le formulaire du groupement ad hoc : le chef de file, le nom, les autres membres (SIREN)."""

from django import forms

from fonds.collectivites.models import Collectivite
from fonds.forms import BaseForm

from .services.groupements import MEMBRES_MAX


class GroupementForm(BaseForm):
    chef_de_file = forms.ModelChoiceField(
        label="Chef de file (votre collectivité)",
        queryset=Collectivite.objects.none(),
        to_field_name="uuid",
    )
    nom = forms.CharField(
        label="Nom du groupement",
        max_length=150,
        help_text="Par exemple : « Communes du Val de Saône pour les démarches en ligne ».",
    )
    membres = forms.CharField(
        label="Autres collectivités membres : numéros SIREN",
        max_length=2000,
        help_text="Séparés par des virgules (9 chiffres chacun). Leurs populations s'ajoutent "
        "à celle du chef de file.",
    )

    def __init__(self, *args, collectivites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chef_de_file"].queryset = collectivites

    def clean_membres(self) -> list:
        codes = [c.strip() for c in (self.cleaned_data.get("membres") or "").split(",")]
        codes = list(dict.fromkeys(c for c in codes if c))
        if not codes:
            raise forms.ValidationError("Indiquez au moins une autre collectivité.")
        if len(codes) > MEMBRES_MAX:
            raise forms.ValidationError(f"Au plus {MEMBRES_MAX} membres.")
        mal_formes = [c for c in codes if not (c.isdigit() and len(c) == 9)]
        if mal_formes:
            raise forms.ValidationError(
                f"Un numéro SIREN a 9 chiffres : {', '.join(mal_formes[:5])}."
            )
        trouvees = list(Collectivite.objects.filter(siren__in=codes).order_by("nom"))
        inconnus = sorted(set(codes) - {c.siren for c in trouvees})
        if inconnus:
            raise forms.ValidationError(f"Inconnus du registre : {', '.join(inconnus[:5])}.")
        return trouvees
