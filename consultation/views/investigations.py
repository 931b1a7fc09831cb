"""Semer, depuis un dossier accepté du programme national d'investigations, une proposition au
tour de la consultation en recueil."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from fonds.dossiers.models import Dossier

from ..services import investigations as services


@require_POST
def semer(request, uuid):
    dossier = get_object_or_404(
        Dossier.objects.select_related("guichet", "collectivite"), uuid=uuid
    )
    try:
        proposition = services.semer(dossier=dossier, par=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("dossiers:dossier", uuid=dossier.uuid)
    messages.success(
        request,
        f"« {proposition.titre} » est proposé au tour « {proposition.tour.nom} » : complétez-le "
        "si besoin, et invitez d'autres collectivités à le rejoindre.",
    )
    return redirect("consultation:proposition", uuid=proposition.uuid)
