"""Administration du guichet à forfait : la liste des API nationales qu'un administrateur
étend, et les demandes en lecture."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models.forfaits import ApiNationale, DemandeForfait


@admin.register(ApiNationale)
class ApiNationaleAdmin(admin.ModelAdmin):
    list_display = ["nom", "code", "active"]
    list_editable = ["active"]
    prepopulated_fields = {"code": ["nom"]}


@admin.register(DemandeForfait)
class DemandeForfaitAdmin(SimpleHistoryAdmin):
    list_display = ["collectivite", "sorte", "statut", "deposee_le"]
    list_filter = ["sorte", "statut"]
    search_fields = ["collectivite__nom", "service_nom", "reference_datapass"]
    raw_id_fields = ["guichet", "collectivite", "dossier", "subvention", "api", "deposee_par"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
