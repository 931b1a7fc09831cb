from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from fonds.pagination import page_en_une_requete

from . import services
from .models import Notification


@require_safe
def liste(request):
    """Le centre de notifications de la personne connectée."""
    notifications = Notification.objects.pour(request.user)
    page = page_en_une_requete(notifications, request.GET.get("page"), 30)
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
