from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Convention, Engagement, Enveloppe, Mouvement, Subvention, Versement


class LectureSeuleMixin:
    """Les montants ne changent que par les services (mouvements, engagements, versements)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enveloppe)
class EnveloppeAdmin(LectureSeuleMixin, SimpleHistoryAdmin):
    list_display = ["nom", "nature", "axe", "montant", "montant_delegue", "montant_engage"]
    list_filter = ["axe", "nature"]
    list_select_related = ["parent"]


@admin.register(Mouvement)
class MouvementAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["type", "montant", "source", "destination", "par", "cree_le"]
    list_filter = ["type"]
    list_select_related = ["source", "destination", "par"]


@admin.register(Engagement)
class EngagementAdmin(LectureSeuleMixin, SimpleHistoryAdmin):
    list_display = ["objet", "beneficiaire", "enveloppe", "montant", "montant_initial", "libere_le"]
    list_select_related = ["beneficiaire", "enveloppe"]


@admin.register(Subvention)
class SubventionAdmin(LectureSeuleMixin, SimpleHistoryAdmin):
    list_display = ["objet", "beneficiaire", "axe", "statut", "montant", "montant_verse"]
    list_filter = ["axe", "statut", "contractualisation"]
    search_fields = ["objet", "beneficiaire__nom", "beneficiaire__siren", "dossier__titre"]
    list_select_related = ["beneficiaire"]


@admin.register(Convention)
class ConventionAdmin(LectureSeuleMixin, SimpleHistoryAdmin):
    list_display = ["subvention", "version", "generee_le", "signee_le", "contresignee_le"]
    list_select_related = ["subvention"]


@admin.register(Versement)
class VersementAdmin(LectureSeuleMixin, SimpleHistoryAdmin):
    list_display = ["subvention", "type", "montant", "date", "reference"]
    list_filter = ["type"]
    list_select_related = ["subvention"]
