"""Le jury : sa composition (la DINUM nomme les jurés de l'appel), la liste d'un juré (les
dossiers pré-sélectionnés, ceux en conflit d'intérêts signalés et fermés) et l'évaluation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from fonds.dossiers.models import Dossier
from fonds.pagination import page_en_une_requete

from ..forms_jury import EvaluationForm, NominationForm
from ..models.appels import CODE_APPEL
from ..models.jury import Critere, Evaluation, Jure, Note
from ..services import jury as services
from .appels import appel_de
from .appels_dinum import _exiger_dinum

PAR_PAGE = 50


@require_http_methods(["GET", "POST"])
def composition(request, slug):
    a = appel_de(slug)
    _exiger_dinum(request.user)
    form = NominationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nommer_jure(
                appel=a,
                email=form.cleaned_data["email"],
                president=form.cleaned_data["president"],
                par=request.user,
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "Juré nommé.")
            return redirect("guichet_national:appel_jury", slug=slug)
    return render(
        request,
        "guichet_national/appels/jury.html",
        {
            "appel": a,
            "jures": Jure.objects.filter(appel=a).select_related("user"),
            "criteres": Critere.objects.filter(appel=a),
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )


def _jure_ou_403(user, appel) -> Jure:
    jure = services.jure_de(user, appel)
    if jure is None:
        raise PermissionDenied("Vous ne faites pas partie du jury de cet appel.")
    return jure


@require_safe
def mes_dossiers(request, slug):
    a = appel_de(slug)
    jure = _jure_ou_403(request.user, a)
    voisines = services.proches(request.user)
    page = page_en_une_requete(
        services.dossiers_du_jury(a).order_by("titre", "pk"), request.GET.get("page"), PAR_PAGE
    )
    mes = dict(
        Evaluation.objects.filter(jure=jure, dossier__in=[d.pk for d in page]).values_list(
            "dossier_id", "soumise_le"
        )
    )
    lignes = [
        {
            "dossier": d,
            "conflit": services.motif_conflit(d, voisines),
            "evaluee": d.pk in mes,
            "soumise": bool(mes.get(d.pk)),
        }
        for d in page
    ]
    return render(
        request,
        "guichet_national/appels/jury_dossiers.html",
        {"appel": a, "jure": jure, "lignes": lignes, "page": page},
    )


@require_http_methods(["GET", "POST"])
def evaluer(request, uuid):
    dossier = get_object_or_404(
        Dossier.objects.select_related(
            "guichet__appel", "collectivite", "projet_appel"
        ).prefetch_related("projet_appel__partenaires", "projet_appel__lignes"),
        uuid=uuid,
        guichet__type=CODE_APPEL,
    )
    a = dossier.guichet.appel
    jure = services.jure_de(request.user, a)
    if jure is None:
        raise Http404  # l'existence d'un dossier ne se devine pas
    services.exiger_sans_conflit(jure, dossier)
    if dossier.etape != "preselectionne":
        raise PermissionDenied("Ce dossier n'est pas soumis au jury.")
    criteres = list(Critere.objects.filter(appel=a))
    mienne = Evaluation.objects.filter(jure=jure, dossier=dossier).first()
    initial = {}
    if mienne:
        initial = {n.critere_id: (n.valeur, n.justification) for n in mienne.notes.all()}
    form = EvaluationForm(
        request.POST if request.method == "POST" else None,
        criteres=criteres,
        initial_notes=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluer(
                jure=jure,
                dossier=dossier,
                notes=form.notes(),
                soumettre=form.cleaned_data["soumettre"],
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "Évaluation enregistrée.")
            return redirect("guichet_national:jury_evaluer", uuid=uuid)
    # Les notes des autres : seulement une fois la sienne soumise.
    autres = []
    if mienne and mienne.soumise_le:
        autres = (
            Note.objects.filter(evaluation__dossier=dossier, evaluation__soumise_le__isnull=False)
            .exclude(evaluation__jure=jure)
            .select_related("critere", "evaluation__jure__user")
            .order_by("evaluation__jure_id", "critere__ordre")
        )
    return render(
        request,
        "guichet_national/appels/evaluer.html",
        {
            "appel": a,
            "dossier": dossier,
            "projet": getattr(dossier, "projet_appel", None),
            "form": form,
            "mienne": mienne,
            "autres": autres,
        },
        status=422 if request.method == "POST" else 200,
    )
