"""Administration de la consultation : les thèmes et les étiquettes (données qu'un
administrateur étend), les tours ; le reste en lecture."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BesoinConsolide, Etiquette, Proposition, Theme, Tour


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["nom", "code"]
    prepopulated_fields = {"code": ["nom"]}


@admin.register(Etiquette)
class EtiquetteAdmin(admin.ModelAdmin):
    list_display = ["nom", "code"]
    prepopulated_fields = {"code": ["nom"]}


@admin.register(Tour)
class TourAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "recueil_debut", "vote_debut", "selection_debut"]
    raw_id_fields = ["enveloppe"]


@admin.register(Proposition)
class PropositionAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "sorte", "issue", "deposee_le"]
    list_filter = ["sorte", "issue"]
    search_fields = ["titre"]
    raw_id_fields = ["tour", "auteur", "collectivite", "guichet", "groupe"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(BesoinConsolide)
class BesoinConsolideAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "tour"]
    raw_id_fields = ["tour", "cree_par"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
