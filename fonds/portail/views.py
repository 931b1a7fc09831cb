from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from fonds.comptes.models import Adhesion


@login_not_required
def accueil(request):
    return render(request, "portail/accueil.html")


def mon_espace(request):
    """La relation d'une collectivité avec le fonds, une section par axe."""
    adhesions = list(
        Adhesion.objects.filter(user=request.user)
        .exclude(statut__in=["refusee", "retiree"])
        .avec_details()
        .order_by("collectivite__nom")
    )
    return render(request, "portail/mon_espace.html", {"adhesions": adhesions})


@login_not_required
def accessibilite(request):
    return render(request, "portail/accessibilite.html")


@login_not_required
def mentions_legales(request):
    return render(request, "portail/mentions_legales.html")


@login_not_required
def donnees_personnelles(request):
    return render(request, "portail/donnees_personnelles.html")


@login_not_required
def plan_du_site(request):
    return render(request, "portail/plan_du_site.html")
