"""La passerelle vers l'axe 2 : un territoire référent vérifie que les référents du service
réunissent assez de collectivités ou d'habitants pour un appel national ouvert, puis candidate
et dépose le dossier d'appel ; la page du dossier d'appel rappelle le service dont il vient."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms as socle
from fonds.comptes.perms import droits

from ..forms_suivi import CandidatureForm
from ..models import Interet
from ..services import passerelle as services
from .commun import erreurs_en_formulaire
from .services import service_de


@require_http_methods(["GET", "POST"])
def candidater(request, uuid):
    s = service_de(uuid)
    d = droits(request.user)
    mes_referents = list(
        Collectivite.objects.filter(
            pk__in=Interet.objects.referents()
            .filter(service=s, collectivite_id__in=d.collectivites)
            .values("collectivite_id")
        )
        .select_related("departement")
        .order_by("nom")
    )
    socle.exiger(
        not d.est_agent and bool(mes_referents),
        "Seuls les membres vérifiés d'un territoire référent du service candidatent.",
    )
    appels = list(services.appels_ouverts())
    form = CandidatureForm(
        request.POST if request.method == "POST" else None,
        appels=appels,
        chefs_de_file=mes_referents,
    )
    evaluation = None
    statut = 200
    if request.method == "POST":
        statut = 422
        if form.is_valid():
            guichet, chef = form.cleaned_data["appel"], form.cleaned_data["chef_de_file"]
            try:
                evaluation = services.evaluer(s, guichet, chef_de_file=chef)
                if request.POST.get("action") == "candidater":
                    candidature = services.candidater(
                        service=s, guichet=guichet, chef_de_file=chef, par=request.user
                    )
                    messages.success(
                        request,
                        f"« {s.nom} » candidate à l'appel « {guichet.nom} » : déposez le projet "
                        f"au nom de {candidature.collectivite.nom}.",
                    )
                    nom_url, slug = services.adresse_de_depot(guichet)
                    return redirect(nom_url, slug=slug)
                statut = 200 if evaluation.verdict.ok else 422
            except (ValidationError, PermissionDenied) as exc:
                erreurs_en_formulaire(form, exc)
    return render(
        request,
        "consultation/services/candidater.html",
        {
            "service": s,
            "tour": s.tour,
            "form": form,
            "evaluation": evaluation,
            "appels": appels,
            "referents": services.referents_de(s),
            "candidatures": services.candidatures_du_service(s),
        },
        status=statut,
    )


def panneau_origine(*, dossier, user) -> dict:
    """Le panneau de la page d'un dossier d'appel venu d'un service retenu (pour tous ceux qui
    voient le dossier) : le service, son besoin, la décision du comité. Une requête."""
    return {"candidature": services.candidature_du_dossier(dossier)}
