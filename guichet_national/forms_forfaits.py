"""Les formulaires du guichet à forfait : la demande (le cahier des charges en une page), la
mise en service, la révocation."""

import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone

from fonds.collectivites.models import Collectivite
from fonds.comptes.perms import droits
from fonds.dossiers.forms import DossierForm
from fonds.forms import BaseForm, DateBorneeField

from .models.forfaits import ApiNationale, EtatDataPass, SorteForfait


def _dans_trois_ans() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=3 * 366)


def _il_y_a_un_an() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=366)


class DemandeForfaitForm(BaseForm):
    """La demande : pour quelle collectivité, quelle sorte de forfait, et chaque élément
    vérifiable du cahier des charges (ce que DataPass n'a pas déjà)."""

    collectivite = forms.ModelChoiceField(
        label="Collectivité ou structure de mutualisation bénéficiaire",
        queryset=Collectivite.objects.none(),
        to_field_name="uuid",
        error_messages={
            "invalid_choice": "Vous n'agissez pas pour cette collectivité : seuls ses membres "
            "vérifiés demandent un forfait pour elle.",
            "required": "Choisissez la collectivité bénéficiaire.",
        },
    )
    sorte = forms.ChoiceField(
        label="Sorte de forfait",
        choices=SorteForfait.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez FranceConnect ou une API nationale."},
    )
    service_nom = forms.CharField(
        label="Service en ligne concerné",
        max_length=200,
        help_text="Par exemple : Inscriptions à la cantine scolaire.",
    )
    service_url = forms.URLField(
        assume_scheme="https",
        label="Adresse du service en ligne",
        max_length=500,
        help_text="Commence par https://",
        error_messages={"invalid": "Saisissez une adresse web complète, commençant par https://"},
    )
    date_cible = DateBorneeField(
        label="Date cible de mise en production",
        min_value=_il_y_a_un_an,
        max_value=_dans_trois_ans,
    )
    demarche = forms.CharField(
        label="Pour FranceConnect : la démarche qui l'utilisera",
        max_length=200,
        required=False,
    )
    api = forms.ModelChoiceField(
        label="Pour une API : l'API raccordée",
        queryset=ApiNationale.objects.none(),
        to_field_name="code",
        required=False,
        error_messages={
            "invalid_choice": "Cette API n'est pas dans la liste du guichet : choisissez-en une "
            "de la liste (un administrateur peut en ajouter)."
        },
    )
    reference_datapass = forms.CharField(
        label="Référence de l'habilitation DataPass",
        max_length=40,
        help_text="Le numéro de la demande sur DataPass, par exemple 12345. Le guichet ne "
        "redemande rien de ce qu'elle contient (base légale, données, conservation, contacts).",
    )
    etat_datapass = forms.ChoiceField(
        label="Habilitation DataPass",
        choices=EtatDataPass.choices,
        widget=forms.RadioSelect,
    )
    contact_nom = forms.CharField(label="Contact technique : nom", max_length=150)
    contact_email = forms.EmailField(label="Contact technique : adresse électronique")
    maintien_en_production = forms.BooleanField(
        label="Nous nous engageons à maintenir ce service en production",
        required=True,
        error_messages={
            "required": "Le forfait finance un service qui reste en production : cochez "
            "l'engagement de le maintenir."
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.collectivites = droits(user).collectivites
        self.fields["collectivite"].queryset = (
            Collectivite.objects.filter(pk__in=self.collectivites)
            .select_related("departement", "region")
            .order_by("nom")
        )
        self.fields["api"].queryset = ApiNationale.objects.proposees()

    def clean(self):
        donnees = super().clean()
        sorte = donnees.get("sorte")
        if sorte == SorteForfait.FRANCECONNECT and not donnees.get("demarche"):
            self.add_error("demarche", "Pour FranceConnect, nommez la démarche qui l'utilisera.")
        if sorte == SorteForfait.API and not donnees.get("api") and "api" not in self.errors:
            self.add_error("api", "Pour un forfait API, choisissez l'API raccordée.")
        return donnees

    def reponses(self) -> dict:
        donnees = dict(self.cleaned_data)
        donnees.pop("collectivite")
        return donnees


class MiseEnServiceForm(BaseForm):
    date = DateBorneeField(
        label="Date de mise en service",
        min_value=_il_y_a_un_an,
        max_value=timezone.localdate,
    )
    adresse = forms.URLField(
        assume_scheme="https",
        label="Adresse du service en production",
        max_length=500,
        help_text="Commence par https://",
        error_messages={"invalid": "Saisissez une adresse web complète, commençant par https://"},
    )


class RevocationForm(BaseForm):
    motif = forms.CharField(
        label="Motif de la révocation",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="La fausse déclaration constatée : il est écrit dans l'historique de la "
        "subvention et envoyé à la collectivité.",
    )


class DossierForfaitForm(DossierForm):
    """Le formulaire de dossier du socle, pour un guichet à forfait : on n'y dépose pas (le
    forfait se demande sur sa page, qui le décide aussitôt sous les plafonds)."""

    @classmethod
    def erreurs_de_depot(cls, dossier) -> dict[str, list[str]]:
        adresse = reverse("guichet_national:forfait_demander", args=[dossier.guichet.slug])
        return {
            "__all__": [
                f"Un forfait se demande sur la page du guichet à forfait ({adresse}), qui "
                "décide aussitôt."
            ]
        }
