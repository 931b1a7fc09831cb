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

    def ajouter_erreurs(self, exc) -> None:
        """Place les erreurs d'un service (`ValidationError`) à côté des champs concernés,
        sinon en tête du formulaire : la page revient avec tout ce qui a été saisi."""
        if hasattr(exc, "error_dict"):
            for champ, erreurs in exc.message_dict.items():
                self.add_error(champ if champ in self.fields else None, erreurs)
        else:
            self.add_error(None, exc)
