from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Annotation, Dossier, Guichet, Message, PieceJointe


@admin.register(Guichet)
class GuichetAdmin(SimpleHistoryAdmin):
    list_display = [
        "nom",
        "axe",
        "type",
        "ouverture",
        "cloture",
        "role_instructeur",
        "departement",
        "region",
    ]
    list_filter = ["axe", "type", "role_instructeur"]
    search_fields = ["nom", "slug"]
    prepopulated_fields = {"slug": ["nom"]}
    list_select_related = ["departement", "region"]


class PieceJointeInline(admin.TabularInline):
    model = PieceJointe
    extra = 0
    fields = [
        "type_piece",
        "nom_original",
        "taille",
        "type_contenu",
        "statut_analyse",
        "deposee_le",
    ]
    readonly_fields = fields
    can_delete = False


@admin.register(Dossier)
class DossierAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "guichet", "collectivite", "etat", "depose_le", "instructeur"]
    list_filter = ["etat", "guichet"]
    search_fields = ["titre", "uuid", "collectivite__nom", "collectivite__siren"]
    raw_id_fields = ["collectivite", "cree_par", "instructeur"]
    list_select_related = ["guichet", "collectivite", "instructeur"]
    # L'état change par les services (droits, historique, notifications), pas ici.
    readonly_fields = ["uuid", "etat", "depose_le", "decide_le", "motivation"]
    inlines = [PieceJointeInline]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["dossier", "auteur", "de_agent", "cree_le"]
    raw_id_fields = ["dossier", "auteur"]
    list_select_related = ["dossier", "auteur"]


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["dossier", "auteur", "cree_le"]
    raw_id_fields = ["dossier", "auteur"]
    list_select_related = ["dossier", "auteur"]
