from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from . import services
from .models import Notification


@require_safe
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
