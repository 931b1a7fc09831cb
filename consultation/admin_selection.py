"""Administration du comité de sélection : en lecture seule (les décisions engagent de
l'argent par le socle ; on ne les saisit que par le portail)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models.selection import Avis, DecisionComite, Deport, MembreComite


class _Lecture:
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MembreComite)
class MembreComiteAdmin(_Lecture, SimpleHistoryAdmin):
    list_display = ["personne", "qualite", "tour", "present"]
    list_filter = ["qualite"]
    raw_id_fields = ["tour", "personne", "collectivite", "ajoute_par"]


@admin.register(Deport)
class DeportAdmin(_Lecture, admin.ModelAdmin):
    list_display = ["membre", "groupe", "proposition", "automatique"]
    raw_id_fields = ["membre", "groupe", "proposition"]


@admin.register(Avis)
class AvisAdmin(_Lecture, SimpleHistoryAdmin):
    list_display = ["membre", "groupe", "proposition", "sens"]
    raw_id_fields = ["membre", "groupe", "proposition"]


@admin.register(DecisionComite)
class DecisionComiteAdmin(_Lecture, SimpleHistoryAdmin):
    list_display = ["tour", "groupe", "proposition", "issue", "voie", "le"]
    list_filter = ["issue", "voie"]
    raw_id_fields = ["tour", "groupe", "proposition", "engagement", "par"]
