from django.core.paginator import Paginator
from django.shortcuts import render

from .models import Notification


def liste(request):
    """Le centre de notifications de la personne connectée."""
    page = Paginator(Notification.objects.pour(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/liste.html", {"page": page})
