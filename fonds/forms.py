"""Le formulaire de base du portail : le DSFR de django-dsfr, champs facultatifs signalés."""

from django import forms
from dsfr.forms import DsfrBaseForm


class BaseForm(DsfrBaseForm):
    """Tous les formulaires du portail en héritent (champs DSFR, erreurs près des champs)."""

    def get_context(self):
        # Le DSFR recommande de signaler les champs facultatifs plutôt que les obligatoires.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context
