"""La préfecture ouvre le guichet de son territoire, sur l'enveloppe de ce territoire."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from fonds.comptes import perms
from fonds.financement.models import Enveloppe

from ..forms import OuvertureGuichetForm
from ..services import guichets as services


@require_http_methods(["GET", "POST"])
def ouvrir(request, uuid):
    enveloppe = get_object_or_404(
        Enveloppe.objects.select_related("region", "departement"),
        uuid=uuid,
        nature__in=services.NATURES_TERRITORIALES,
    )
    if not perms.peut_gerer_enveloppe(request.user, enveloppe):
        raise PermissionDenied("Seule la préfecture de ce territoire ouvre son guichet.")
    territoire = enveloppe.departement or enveloppe.region
    if request.method == "POST":
        form = OuvertureGuichetForm(request.POST)
        if form.is_valid():
            try:
                guichet = services.ouvrir_guichet(
                    enveloppe=enveloppe, par=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                form.ajouter_erreurs(exc)
            else:
                messages.success(request, f"Le guichet « {guichet.nom} » est ouvert.")
                return redirect("dossiers:guichet", slug=guichet.slug)
    else:
        form = OuvertureGuichetForm(initial={"nom": f"Guichet territorial — {territoire.nom}"})
    return render(
        request,
        "guichets_territoriaux/ouvrir.html",
        {"form": form, "enveloppe": enveloppe, "territoire": territoire},
        status=422 if request.method == "POST" else 200,
    )
