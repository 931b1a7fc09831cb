"""Les formulaires de la consultation : proposer, rejoindre, commenter, modérer, décider d'une
issue, regrouper, estimer, tenir le calendrier et voter."""

import datetime

from django import forms
from django.utils import timezone

from fonds.collectivites.models import Collectivite
from fonds.comptes.perms import droits
from fonds.dossiers.models import Guichet
from fonds.forms import BaseForm, DateBorneeField, MontantField

from .enums import DEBUTS, Issue, Phase, Sorte
from .models import BesoinConsolide, Etiquette, Proposition, Theme


def _collectivites_de(user):
    return (
        Collectivite.objects.filter(pk__in=droits(user).collectivites)
        .select_related("departement")
        .order_by("nom")
    )


class ChoixCollectiviteMixin:
    def _collectivites(self, user, *, requis=True, libelle="Collectivité"):
        self.fields["collectivite"] = forms.ModelChoiceField(
            label=libelle,
            queryset=_collectivites_de(user),
            to_field_name="uuid",
            required=requis,
            empty_label=None if requis else "— au nom de mon organisation partenaire —",
            error_messages={
                "invalid_choice": "Vous n'êtes pas membre vérifié de cette collectivité.",
                "required": "Choisissez la collectivité.",
            },
        )


class PropositionForm(ChoixCollectiviteMixin, BaseForm):
    sorte = forms.ChoiceField(
        label="Vous proposez",
        choices=Sorte.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez : un besoin ou un service existant."},
    )
    titre = forms.CharField(label="Titre", max_length=200)
    probleme = forms.CharField(
        label="Besoin : le problème", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    concernes = forms.CharField(
        label="Besoin : qui le subit", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    frequence = forms.CharField(label="Besoin : à quelle fréquence", max_length=200, required=False)
    existant = forms.CharField(
        label="Besoin : ce qui existe aujourd'hui et pourquoi cela ne suffit pas",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    ce_qu_il_fait = forms.CharField(
        label="Service : ce qu'il fait", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    operateurs = forms.CharField(
        label="Service : qui l'opère et qui l'utilise",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    licence = forms.CharField(label="Service : sa licence", max_length=100, required=False)
    code_source = forms.URLField(
        label="Service : adresse du code source",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Saisissez une adresse web complète, commençant par https://"},
    )
    mutualisation = forms.CharField(
        label="Service : comment il pourrait servir à d'autres",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    cout = forms.CharField(label="Service : son coût", max_length=300, required=False)
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes",
        queryset=Theme.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    etiquettes = forms.ModelMultipleChoiceField(
        label="Politiques prioritaires",
        queryset=Etiquette.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, user, partenaire: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self._collectivites(
            user,
            requis=not partenaire,
            libelle="Au nom de la collectivité"
            + (" (vide : au nom de votre organisation partenaire)" if partenaire else ""),
        )
        self.order_fields(["collectivite", "sorte", "titre"])

    def clean(self):
        from .services.propositions import EXIGES

        donnees = super().clean()
        for champ, message in EXIGES.get(donnees.get("sorte"), {}).items():
            if champ not in self.errors and not str(donnees.get(champ) or "").strip():
                self.add_error(champ, message)
        return donnees

    def reponses(self) -> dict:
        d = self.cleaned_data
        return {
            k: d[k]
            for k in (
                "probleme",
                "concernes",
                "frequence",
                "existant",
                "ce_qu_il_fait",
                "operateurs",
                "licence",
                "code_source",
                "mutualisation",
                "cout",
            )
        }


class JonctionForm(ChoixCollectiviteMixin, BaseForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._collectivites(user, libelle="Collectivité qui a aussi ce besoin")


class CommentaireForm(BaseForm):
    texte = forms.CharField(
        label="Votre commentaire", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MasquerForm(BaseForm):
    motif = forms.CharField(label="Motif de la modération", max_length=500)


class IssueForm(BaseForm):
    issue = forms.ChoiceField(
        label="Issue",
        choices=[(i.value, i.label) for i in Issue if i != Issue.EN_EXAMEN],
        widget=forms.RadioSelect,
    )
    guichet = forms.ModelChoiceField(
        label="Guichet vers lequel la réorienter",
        queryset=Guichet.objects.order_by("nom"),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Choisissez un guichet de la liste."},
    )
    raison = forms.CharField(
        label="Raison publiée", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RegroupementForm(BaseForm):
    propositions = forms.ModelMultipleChoiceField(
        label="Propositions à regrouper",
        queryset=Proposition.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins une proposition.",
            "invalid_choice": "Une des propositions n'est pas gardée dans ce tour.",
        },
    )
    groupe = forms.ModelChoiceField(
        label="Dans le besoin consolidé existant",
        queryset=BesoinConsolide.objects.none(),
        to_field_name="uuid",
        required=False,
        error_messages={"invalid_choice": "Ce besoin consolidé n'est pas de ce tour."},
    )
    titre = forms.CharField(
        label="Ou un besoin consolidé nouveau : titre", max_length=200, required=False
    )
    description = forms.CharField(
        label="Description du besoin consolidé nouveau",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, tour, propositions=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Proposition.objects.filter(tour=tour, issue=Issue.GARDEE)
        self.fields["propositions"].queryset = propositions if propositions is not None else qs
        self.fields["groupe"].queryset = BesoinConsolide.objects.filter(tour=tour)


class EstimationForm(BaseForm):
    cout_developpement = MontantField(label="Coût de développement estimé (€)", required=False)
    cout_deploiement = MontantField(label="Coût de déploiement estimé (€)", required=False)


def _borne_basse():
    return timezone.localdate() - datetime.timedelta(days=5 * 366)


def _borne_haute():
    return timezone.localdate() + datetime.timedelta(days=5 * 366)


class CalendrierForm(BaseForm):
    champ = forms.ChoiceField(
        label="Date à déplacer",
        choices=[(champ, f"Début : {Phase(p).label}") for p, champ in DEBUTS],
    )
    date = DateBorneeField(label="Nouvelle date", min_value=_borne_basse, max_value=_borne_haute)
    heure = forms.TimeField(
        label="Heure",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    motif = forms.CharField(label="Motif (public, gardé dans l'historique)", max_length=500)

    def moment(self):
        d = self.cleaned_data
        heure = d.get("heure") or datetime.time(0, 0)
        return timezone.make_aware(datetime.datetime.combine(d["date"], heure))


class OuvrirTourForm(BaseForm):
    """Un tour nouveau : son nom, ses dates (le début de chaque phase est la fin de la
    précédente), ses règles de vote et, s'il a son enveloppe, son montant pris sur ce qui
    reste de l'axe 1."""

    nom = forms.CharField(label="Nom du tour", max_length=200)
    description = forms.CharField(
        label="Présentation (facultative)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recueil_debut = DateBorneeField(
        label="Ouverture du recueil", min_value=_borne_basse, max_value=_borne_haute
    )
    vote_debut = DateBorneeField(
        label="Ouverture du vote (fin du recueil)", min_value=_borne_basse, max_value=_borne_haute
    )
    selection_debut = DateBorneeField(
        label="Fin du vote (début de la sélection)", min_value=_borne_basse, max_value=_borne_haute
    )
    interet_debut = DateBorneeField(
        label="Ouverture de l'expression d'intérêt",
        min_value=_borne_basse,
        max_value=_borne_haute,
    )
    developpement_debut = DateBorneeField(
        label="Début du développement et du déploiement",
        min_value=_borne_basse,
        max_value=_borne_haute,
    )
    max_soutiens = forms.IntegerField(
        label="Soutiens par collectivité (vide : sans limite)",
        min_value=1,
        max_value=1000,
        required=False,
    )
    groupements_votent = forms.BooleanField(
        label="Les groupements de collectivités votent en tant que tels", required=False
    )
    montant = MontantField(
        label="Enveloppe du tour, prise sur l'axe 1 (facultative)", required=False
    )

    def dates(self) -> dict:
        d = self.cleaned_data
        return {
            champ: timezone.make_aware(datetime.datetime.combine(d[champ], datetime.time(0, 0)))
            for _phase, champ in DEBUTS
        }

    def regles(self) -> dict:
        d = self.cleaned_data
        return {
            "max_soutiens": d.get("max_soutiens"),
            "groupements_votent": bool(d.get("groupements_votent")),
        }


class BulletinForm(ChoixCollectiviteMixin, BaseForm):
    groupes = forms.ModelMultipleChoiceField(
        label="Besoins consolidés que vous soutenez",
        queryset=BesoinConsolide.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Un des besoins choisis n'est pas de ce tour."},
    )
    propositions = forms.ModelMultipleChoiceField(
        label="Propositions seules que vous soutenez",
        queryset=Proposition.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Une des propositions n'est plus soutenable seule : rechargez "
            "la page."
        },
    )

    def __init__(self, *args, user, tour, **kwargs):
        super().__init__(*args, **kwargs)
        self._collectivites(user, libelle="Collectivité qui vote")
        self.fields["groupes"].queryset = BesoinConsolide.objects.filter(tour=tour)
        self.fields["propositions"].queryset = Proposition.objects.votables(tour)
        self.order_fields(["collectivite", "groupes", "propositions"])
