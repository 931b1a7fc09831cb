from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Adhesion, ConflitInteret, Habilitation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        ("Accès", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Adhesion)
class AdhesionAdmin(SimpleHistoryAdmin):
    list_display = ["user", "collectivite", "fonction", "statut", "mode_validation", "demandee_le"]
    list_filter = ["statut", "fonction", "mode_validation"]
    search_fields = ["user__email", "collectivite__nom", "collectivite__siren"]
    raw_id_fields = ["user", "collectivite", "decidee_par"]
    list_select_related = ["user", "collectivite"]


@admin.register(Habilitation)
class HabilitationAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "guichet", "region", "departement", "active", "creee_le"]
    list_filter = ["role", "active", "region"]
    search_fields = ["user__email", "organisation", "guichet__nom"]
    raw_id_fields = ["user", "creee_par"]
    list_select_related = ["user", "guichet", "region", "departement"]
    fields = ["user", "role", "guichet", "region", "departement", "organisation", "active"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.creee_par = request.user
        super().save_model(request, obj, form, change)


@admin.register(ConflitInteret)
class ConflitInteretAdmin(SimpleHistoryAdmin):
    list_display = ["user", "collectivite", "source", "declare_le", "declare_par"]
    list_filter = ["source"]
    search_fields = ["user__email", "collectivite__nom", "collectivite__siren"]
    raw_id_fields = ["user", "collectivite", "declare_par"]
    list_select_related = ["user", "collectivite", "declare_par"]
    readonly_fields = ["declare_le"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.declare_par = request.user
        super().save_model(request, obj, form, change)
