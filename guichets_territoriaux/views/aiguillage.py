"""Depuis la page de sa collectivité (Mon espace), le membre dépose au guichet territorial
où le portail l'aiguille ; au-dessus du plafond, il le sait avant d'écrire."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms
from fonds.dossiers.services import creer_dossier

from ..services.aiguillage import aiguiller


@require_http_methods(["GET", "POST"])
def deposer(request, uuid):
    collectivite = get_object_or_404(
        Collectivite.objects.select_related("departement", "region"), uuid=uuid
    )
    if not perms.peut_agir_pour(request.user, collectivite):
        raise PermissionDenied(
            "Seuls les membres vérifiés de la collectivité déposent un dossier pour elle."
        )
    aiguillage = aiguiller(collectivite)
    erreurs = []
    if request.method == "POST" and aiguillage.guichet is not None:
        try:
            dossier = creer_dossier(
                guichet=aiguillage.guichet, collectivite=collectivite, par=request.user
            )
        except ValidationError as exc:
            erreurs = exc.messages
        else:
            return redirect("dossiers:modifier", uuid=dossier.uuid)
    elif request.method == "POST":
        erreurs = ["Aucun guichet territorial n'est ouvert pour votre territoire."]
    return render(
        request,
        "guichets_territoriaux/deposer.html",
        {"collectivite": collectivite, "aiguillage": aiguillage, "erreurs": erreurs},
        status=422 if request.method == "POST" else 200,
    )
