"""Les appels à projets côté public et collectivité : les volets et leurs appels, la page d'un
appel (qui peut déposer, comment, ses lauréats), l'éligibilité avant toute saisie et le dépôt."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms
from fonds.dossiers.eligibilite import avec_couverture, eligibilite, regles_en_clair
from fonds.dossiers.enums import Etat

from ..forms_appels import ProjetForm
from ..models.appels import Appel, Volet
from ..services import appels as services


def appel_de(slug) -> Appel:
    return get_object_or_404(Appel.objects.avec_guichet(), guichet__slug=slug)


def _laureats(appel):
    return (
        appel.guichet.dossiers.filter(etat=Etat.ACCEPTE)
        .select_related("collectivite", "subvention")
        .order_by("collectivite__nom")
    )


@login_not_required
@require_safe
def liste(request):
    """Les trois volets et leurs appels : ouverts, à venir, clos."""
    maintenant = timezone.now()
    volets = Volet.objects.prefetch_related(
        Prefetch("appels", queryset=Appel.objects.avec_guichet().order_by("vague"))
    )
    return render(
        request,
        "guichet_national/appels/liste.html",
        {"volets": volets, "maintenant": maintenant},
    )


@login_not_required
@require_safe
def a_venir(request):
    maintenant = timezone.now()
    appels = Appel.objects.avec_guichet().filter(guichet__ouverture__gt=maintenant)
    return render(
        request,
        "guichet_national/appels/a_venir.html",
        {"appels": appels.order_by("guichet__ouverture")},
    )


@login_not_required
@require_safe
def appel(request, slug):
    a = appel_de(slug)
    return render(
        request,
        "guichet_national/appels/appel.html",
        {
            "appel": a,
            "guichet": a.guichet,
            "regles": regles_en_clair(a.guichet),
            "ouvert": a.guichet.est_ouvert(),
            "laureats": _laureats(a),
        },
    )


def _verdicts(user, guichet):
    """Chaque collectivité de la personne, avec le verdict du registre et son raisonnement."""
    collectivites = avec_couverture(
        Collectivite.objects.filter(pk__in=perms.droits(user).collectivites).order_by("nom")
    )
    return [(c, eligibilite(guichet, c)) for c in collectivites]


@require_http_methods(["GET", "POST"])
def deposer(request, slug):
    """L'éligibilité d'abord, depuis le registre et avec les chiffres ; puis, pour une
    collectivité éligible, le projet, son budget et son plan de financement."""
    a = appel_de(slug)
    guichet = a.guichet
    verdicts = _verdicts(request.user, guichet)
    eligibles = [c.pk for c, v in verdicts if v.ok]
    form = ProjetForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        collectivites=Collectivite.objects.filter(pk__in=eligibles).order_by("nom"),
        guichet=guichet,
    )
    if len(eligibles) == 1:  # une seule collectivité éligible : choisie d'office
        form.fields["collectivite"].empty_label = None
    if request.method == "POST":
        if not eligibles:
            form.is_valid()
            form.add_error(None, "Aucune de vos collectivités n'est éligible à cet appel.")
        elif form.is_valid():
            try:
                dossier = services.deposer_projet(
                    appel=a,
                    collectivite=form.cleaned_data["collectivite"],
                    par=request.user,
                    titre=form.cleaned_data["titre"],
                    reponses=form.reponses(),
                    lignes=form.cleaned_data["lignes"],
                    partenaires=form.cleaned_data["partenaires"],
                    pieces=form.pieces(),
                )
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    exc = ValidationError(str(exc))
                form.ajouter_erreurs(exc)
            else:
                return redirect("dossiers:dossier", uuid=dossier.uuid)
    return render(
        request,
        "guichet_national/appels/deposer.html",
        {
            "appel": a,
            "guichet": guichet,
            "verdicts": verdicts,
            "eligibles": eligibles,
            "form": form,
            "ouvert": guichet.est_ouvert(),
            "taux": guichet.taux_max,
        },
        status=422 if request.method == "POST" else 200,
    )
