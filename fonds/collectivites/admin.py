from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .enums import NATURES_GROUPEMENT
from .models import Collectivite, Departement, Region
from .recherche import normaliser
from .services import creer_groupement, modifier_membres, verifier_groupement


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "region"]
    list_filter = ["region"]
    search_fields = ["code", "nom"]
    list_select_related = ["region"]


class CollectiviteAdminForm(forms.ModelForm):
    class Meta:
        model = Collectivite
        fields = [
            "nature",
            "type_epci",
            "nom",
            "code_insee",
            "siren",
            "codes_postaux",
            "departement",
            "region",
            "membres",
            "actif",
        ]

    def clean(self):
        donnees = super().clean()
        nature = donnees.get("nature")
        membres = list(donnees.get("membres") or [])
        if self.instance.pk is None:
            # Seuls les groupements se créent dans le portail, par le service.
            try:
                verifier_groupement(
                    nature=nature, siren=donnees.get("siren") or "", membres=membres
                )
            except ValidationError as erreur:
                for champ, messages in erreur.message_dict.items():
                    for message in messages:
                        self.add_error(champ if champ in self.fields else None, message)
        elif nature in NATURES_GROUPEMENT and not membres:
            self.add_error(
                "membres", "Un groupement doit compter au moins une collectivité membre."
            )
        return donnees


@admin.register(Collectivite)
class CollectiviteAdmin(admin.ModelAdmin):
    form = CollectiviteAdminForm
    list_display = ["nom", "nature", "type_epci", "code_insee", "siren", "population", "actif"]
    list_filter = ["nature", "type_epci", "actif", "region"]
    search_fields = ["nom", "nom_recherche", "=code_insee", "=siren", "codes_postaux"]
    autocomplete_fields = ["membres", "departement", "region"]
    readonly_fields = ["uuid", "population"]
    list_select_related = ["departement", "region"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Autocomplétion et recherche : même normalisation que le portail.
        queryset, doublons = super().get_search_results(
            request, queryset, normaliser(search_term) or search_term
        )
        return queryset, doublons

    def save_model(self, request, obj, form, change):
        if change:
            obj.nom_recherche = normaliser(obj.nom)
            super().save_model(request, obj, form, change)
            return
        cree = creer_groupement(
            nature=obj.nature,
            nom=obj.nom,
            siren=obj.siren,
            membres=form.cleaned_data["membres"],
            par=request.user,
        )
        obj.pk, obj.uuid, obj.population = cree.pk, cree.uuid, cree.population
        obj.nom_recherche = cree.nom_recherche
        obj.departement_id, obj.region_id = cree.departement_id, cree.region_id
        obj._state.adding = False
        obj._state.db = cree._state.db
        # Les champs facultatifs saisis (codes postaux…) sont gardés.
        obj.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if change and obj.est_groupement:
            modifier_membres(groupement=obj, membres=obj.membres.all(), par=request.user)
