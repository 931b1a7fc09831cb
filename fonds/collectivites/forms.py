# Provisoire : remplacé par le champ d'autocomplétion de la branche « registre ».
from django import forms

from .models import Collectivite


class CollectiviteField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Collectivite.objects.filter(actif=True),
            to_field_name="uuid",
            widget=forms.TextInput,
            **kwargs,
        )
