"""Le formulaire de base du portail et ses champs communs : le DSFR de django-dsfr, champs
facultatifs signalés, textes bornés, montants à la française, dates bornées."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from dsfr.forms import DsfrBaseForm

from fonds.financement.montants import MAXIMUM, lire_montant

#: La longueur permise d'un texte dont le champ ne dit pas la sienne : une ligne, un texte
#: long (une description de projet tient en quelques pages).
LONGUEUR_LIGNE = 1_000
LONGUEUR_TEXTE = 20_000


def _borner_texte(champ: forms.Field) -> None:
    if not isinstance(champ, forms.CharField) or champ.max_length is not None:
        return
    limite = LONGUEUR_TEXTE if isinstance(champ.widget, forms.Textarea) else LONGUEUR_LIGNE
    champ.max_length = limite
    champ.validators.append(MaxLengthValidator(limite))
    champ.widget.attrs.setdefault("maxlength", str(limite))


class BaseForm(DsfrBaseForm):
    """Tous les formulaires du portail en héritent (champs DSFR, erreurs près des champs).
    Un texte sans longueur maximale reçoit celle du portail : un envoi énorme revient avec un
    message près du champ, jamais une erreur du serveur."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            _borner_texte(champ)

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


class MontantField(forms.DecimalField):
    """Montant en euros saisi à la française (12 500,50), deux décimales au plus : le seul
    champ de montant du portail (`montants.lire_montant` lit la saisie)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAXIMUM)
        kwargs.setdefault("localize", True)
        kwargs.setdefault(
            "error_messages",
            {
                "max_decimal_places": "Un montant a au plus deux chiffres après la virgule.",
                "max_digits": "Ce montant dépasse ce que le fonds peut gérer.",
                "max_whole_digits": "Ce montant dépasse ce que le fonds peut gérer.",
                "max_value": "Ce montant dépasse ce que le fonds peut gérer.",
                "min_value": "Le montant doit être supérieur à zéro.",
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return lire_montant(str(value))
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code="invalid") from exc


Borne = datetime.date | Callable[[], datetime.date]


def _date(borne: Borne) -> datetime.date:
    return borne() if callable(borne) else borne


class DateBorneeField(forms.DateField):
    """Une date entre deux bornes (des dates, ou des fonctions pour « aujourd'hui + 1 an ») :
    ni l'an 1, ni l'an 9999 n'atteignent les services ou les calculs de dates."""

    def __init__(self, *, min_value: Borne, max_value: Borne, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        debut, fin = _date(self.min_value), _date(self.max_value)
        if not debut <= value <= fin:
            raise ValidationError(
                f"Indiquez une date entre le {debut:%d/%m/%Y} et le {fin:%d/%m/%Y}.",
                code="hors_bornes",
            )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not callable(self.min_value):
            attrs["min"] = self.min_value.isoformat()
        if not callable(self.max_value):
            attrs["max"] = self.max_value.isoformat()
        return attrs
