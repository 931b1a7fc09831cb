from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from fonds.pages_en_cache import page_en_cache

from . import services
from .models import Notification


def _etat_des_notifications(request) -> str:
    """Les notifications de la personne : nombre, dernière créée, dernière lue (une requête)."""
    etat = Notification.objects.pour(request.user).aggregate(
        n=Count("pk"), creee=Max("creee_le"), lue=Max("lue_le"), lues=Count("lue_le")
    )
    return "{n}:{creee}:{lue}:{lues}".format(**etat)


@require_safe
@page_en_cache(_etat_des_notifications)
def liste(request):
    """Le centre de notifications de la personne connectée."""
    notifications = Notification.objects.pour(request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/liste.html",
        {"page": page, "non_lues": notifications.non_lues().count()},
    )


@require_POST
def tout_marquer_lu(request):
    nombre = services.tout_marquer_lu(destinataire=request.user)
    s = "s" if nombre > 1 else ""
    messages.success(request, f"{nombre} notification{s} marquée{s} comme lue{s}.")
    return redirect("notifications:liste")
