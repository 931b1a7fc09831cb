"""Le juré se déporte d'un dossier : il déclare, motivé, son conflit d'intérêts avec le porteur
(service du socle `fonds.comptes.services.declarer_conflit`). Dès la requête suivante il ne
voit plus ce dossier ni aucun de ce porteur, dans tous les appels. Un juré d'un autre appel ne
devine pas le dossier (404) ; un juré déjà en conflit reçoit 403, comme sur l'évaluation."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from fonds.comptes import services as comptes
from fonds.dossiers.models import Dossier
from fonds.forms import BaseForm

from ..models.appels import CODE_APPEL, PRESELECTIONNE
from ..services import jury as services


class DeportForm(BaseForm):
    motif = forms.CharField(
        label="Motif du conflit d'intérêts",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : « J'ai conseillé la collectivité sur ce projet ».",
    )


@require_http_methods(["GET", "POST"])
def se_deporter(request, uuid):
    dossier = get_object_or_404(
        Dossier.objects.select_related(
            "guichet__appel", "collectivite", "projet_appel"
        ).prefetch_related("projet_appel__partenaires"),
        uuid=uuid,
        guichet__type=CODE_APPEL,
    )
    appel = dossier.guichet.appel
    jure = services.jure_de(request.user, appel)
    if jure is None:
        raise Http404  # l'existence d'un dossier ne se devine pas
    services.exiger_sans_conflit(jure, dossier)
    if dossier.etape != PRESELECTIONNE:
        raise PermissionDenied("Ce dossier n'est pas soumis au jury.")
    form = DeportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            comptes.declarer_conflit(
                user=request.user,
                collectivite=dossier.collectivite,
                motif=form.cleaned_data["motif"],
                par=request.user,
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(
                request,
                f"Conflit d'intérêts déclaré avec {dossier.collectivite.nom} : vous ne verrez "
                "plus ses dossiers.",
            )
            return redirect("guichet_national:jury_dossiers", slug=dossier.guichet.slug)
    return render(
        request,
        "guichet_national/appels/deport.html",
        {"appel": appel, "dossier": dossier, "form": form},
        status=422 if request.method == "POST" else 200,
    )
