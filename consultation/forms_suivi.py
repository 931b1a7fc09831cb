"""Les formulaires autour d'un service retenu : se porter volontaire, décliner, la fiche, les
jalons, le financement de la gouvernance, consulter les référents et leur répondre, rejoindre un
service du Territoires Store."""

from django import forms

from fonds.collectivites.models import Collectivite
from fonds.forms import BaseForm, DateBorneeField, MontantField

from .forms import ChoixCollectiviteMixin, _borne_basse, _borne_haute
from .models.referents import RoleInteret
from .models.services_retenus import Gouvernance, StatutJalon


class InteretForm(ChoixCollectiviteMixin, BaseForm):
    role = forms.ChoiceField(
        label="Votre collectivité se porte volontaire comme",
        choices=RoleInteret.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez : territoire référent ou premier déployeur."},
    )
    cofinancement = MontantField(label="Cofinancement apporté (€)", required=False)
    temps_equipe = forms.CharField(
        label="Temps d'équipe apporté",
        max_length=300,
        required=False,
        help_text="Par exemple : un chef de projet à mi-temps pendant un an.",
    )
    sites_pilotes = forms.CharField(
        label="Sites pilotes",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Les lieux où le service sera essayé d'abord (maisons des solidarités…).",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._collectivites(user, libelle="Collectivité volontaire")
        self.order_fields(["collectivite", "role"])


class DeclinForm(BaseForm):
    motif = forms.CharField(
        label="Pourquoi l'ANCT décline cette candidature (la collectivité le lira)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class FicheForm(BaseForm):
    nom = forms.CharField(label="Nom du service", max_length=200)
    description = forms.CharField(label="Ce que fait le service", widget=forms.Textarea)
    pour_qui = forms.CharField(
        label="Pour qui", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    licence = forms.CharField(label="Licence", max_length=100, required=False)
    code_source = forms.URLField(
        label="Adresse du code source", max_length=500, required=False, assume_scheme="https"
    )
    adresse = forms.URLField(
        label="Adresse du service", max_length=500, required=False, assume_scheme="https"
    )
    gouvernance = forms.ChoiceField(label="Option de gouvernance", choices=Gouvernance.choices)
    etude_juridique = forms.BooleanField(
        label="Une étude juridique préalable est nécessaire", required=False
    )


class JalonForm(BaseForm):
    titre = forms.CharField(label="Jalon", max_length=200)
    echeance = DateBorneeField(label="Échéance", min_value=_borne_basse, max_value=_borne_haute)
    statut = forms.ChoiceField(label="Statut", choices=StatutJalon.choices)


class StatutJalonForm(BaseForm):
    statut = forms.ChoiceField(label="Statut du jalon", choices=StatutJalon.choices)


class GouvernanceForm(BaseForm):
    montant = MontantField(label="Montant engagé sur l'enveloppe (€)")
    beneficiaire = forms.ModelChoiceField(
        label="Territoire référent bénéficiaire",
        queryset=Collectivite.objects.none(),
        to_field_name="uuid",
        error_messages={"invalid_choice": "Choisissez l'un des territoires référents."},
    )
    objet = forms.CharField(label="Ce que finance ce complément", max_length=250)

    def __init__(self, *args, referents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if referents is not None:
            self.fields["beneficiaire"].queryset = referents


class QuestionForm(BaseForm):
    texte = forms.CharField(
        label="Question posée aux territoires référents", widget=forms.Textarea(attrs={"rows": 3})
    )
    echeance = DateBorneeField(
        label="Réponse attendue avant le",
        min_value=_borne_basse,
        max_value=_borne_haute,
        required=False,
    )


class ReponseForm(ChoixCollectiviteMixin, BaseForm):
    texte = forms.CharField(label="Votre réponse", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._collectivites(user, libelle="Territoire référent qui répond")
        self.order_fields(["collectivite", "texte"])


class AdhererForm(ChoixCollectiviteMixin, BaseForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._collectivites(user, libelle="Collectivité qui rejoint le service")


class CandidatureForm(BaseForm):
    """Candidater à un appel national (axe 2) au nom des territoires référents du service.
    Les menus sont faits des listes que la vue a lues (une requête chacune) ; `cleaned_data`
    rend le guichet de l'appel et la collectivité chef de file."""

    appel = forms.ChoiceField(
        label="Appel à projets national",
        error_messages={
            "invalid_choice": "Cet appel n'est pas ouvert : choisissez-en un autre.",
            "required": "Choisissez l'appel.",
        },
    )
    chef_de_file = forms.ChoiceField(
        label="Chef de file (un territoire référent dont vous êtes membre)",
        error_messages={
            "invalid_choice": "Le chef de file est un territoire référent dont vous êtes membre.",
            "required": "Choisissez le chef de file.",
        },
    )

    def __init__(self, *args, appels, chefs_de_file, **kwargs):
        super().__init__(*args, **kwargs)
        self._appels = {g.slug: g for g in appels}
        self._chefs = {str(c.uuid): c for c in chefs_de_file}
        self.fields["appel"].choices = [(slug, g.nom) for slug, g in self._appels.items()]
        self.fields["chef_de_file"].choices = [(u, str(c)) for u, c in self._chefs.items()]

    def clean_appel(self):
        return self._appels[self.cleaned_data["appel"]]

    def clean_chef_de_file(self):
        return self._chefs[self.cleaned_data["chef_de_file"]]
