"""La vue nationale de l'administrateur : l'axe 3, les labs, chaque région."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from fonds.comptes import perms

from ..services import repartition as services


@require_safe
def national(request):
    if not perms.est_administrateur(request.user):
        raise PermissionDenied("La vue nationale de l'axe 3 est réservée aux administrateurs.")
    from .suivi import lignes_nationales

    axe3, lignes = lignes_nationales()
    return render(
        request,
        "guichets_territoriaux/national.html",
        {"axe3": axe3, "labs": services.enveloppe_labs(), "lignes": lignes},
    )
