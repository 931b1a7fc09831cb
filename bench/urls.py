"""Les adresses du portail, plus la vue plancher du banc de charge (jamais en production)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from fonds.comptes import perms
from fonds.urls import handler403  # noqa: F401
from fonds.urls import urlpatterns as portail


@login_not_required
@require_safe
def plancher(request):
    """Le plancher : une vue Django nue, servie par la même pile (gunicorn, middlewares)."""
    return HttpResponse("plancher", content_type="text/plain")


@require_safe
def plancher_connecte(request):
    """Le plancher d'une page connectée : la même pile, plus ce que toute page connectée fait
    avant son propre travail (session, personne, droits relus par `perms.droits`)."""
    perms.droits(request.user)
    return HttpResponse("plancher connecté", content_type="text/plain")


urlpatterns = [
    path("bench/plancher", plancher),
    path("bench/plancher-connecte", plancher_connecte),
    *portail,
]
