"""Les appels côté DINUM : les dossiers d'un appel et leur pré-sélection, la séance du jury
(classement, montants, total courant face à l'enveloppe) et la décision de chaque dossier."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from fonds.comptes import perms
from fonds.comptes.enums import Role
from fonds.dossiers.enums import ETATS_VISIBLES_AGENTS
from fonds.dossiers.models import Dossier
from fonds.pagination import page_en_une_requete

from ..forms_appels import PreselectionForm
from ..forms_jury import DecisionSeanceForm
from ..models.appels import CODE_APPEL, PRESELECTIONNE
from ..services import appels as services
from ..services import jury
from .appels import appel_de

PAR_PAGE = 50


def _exiger_dinum(user):
    perms.exiger(
        perms.a_role(user, Role.DINUM) or perms.est_administrateur(user),
        "Seule la DINUM conduit les appels à projets nationaux.",
    )


@require_safe
def dossiers(request, slug):
    a = appel_de(slug)
    _exiger_dinum(request.user)
    conflits = perms.droits(request.user).conflits
    liste = (
        a.guichet.dossiers.filter(etat__in=ETATS_VISIBLES_AGENTS)
        .exclude(collectivite_id__in=conflits)
        .select_related("collectivite")
        .order_by("-depose_le", "-pk")
    )
    page = page_en_une_requete(liste, request.GET.get("page"), PAR_PAGE)
    return render(
        request,
        "guichet_national/appels/dossiers.html",
        {
            "appel": a,
            "dossiers": page,
            "page": page,
            "form": PreselectionForm(),
            "PRESELECTIONNE": PRESELECTIONNE,
        },
    )


def _dossier_d_appel(uuid) -> Dossier:
    return get_object_or_404(
        Dossier.objects.select_related("guichet", "collectivite"),
        uuid=uuid,
        guichet__type=CODE_APPEL,
    )


@require_POST
def preselection(request, uuid):
    dossier = _dossier_d_appel(uuid)
    _exiger_dinum(request.user)
    perms.exiger(perms.peut_instruire(request.user, dossier), "Vous n'instruisez pas ce dossier.")
    form = PreselectionForm(request.POST)
    if form.is_valid():
        try:
            services.preselectionner(
                dossier=dossier,
                par=request.user,
                retenu=form.cleaned_data["decision"] == "oui",
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, f"« {dossier.titre} » : pré-sélection enregistrée.")
            return redirect("guichet_national:appel_dossiers", slug=dossier.guichet.slug)
    return render(
        request,
        "guichet_national/appels/preselection.html",
        {"dossier": dossier, "form": form},
        status=422,
    )


def _lignes_de_seance(a):
    liste = list(
        a.guichet.dossiers.filter(etape=PRESELECTIONNE)
        .select_related("collectivite", "subvention")
        .order_by("pk")
    )
    lignes = jury.synthese(a, liste)
    cumul = Decimal(0)
    for ligne in lignes:
        cumul += ligne["dossier"].montant_demande or 0
        ligne["cumul"] = cumul
        ligne["depasse"] = a.guichet.enveloppe and cumul > a.guichet.enveloppe.montant
    return lignes


@require_safe
def seance(request, slug):
    a = appel_de(slug)
    _exiger_dinum(request.user)
    enveloppe = a.guichet.enveloppe
    return render(
        request,
        "guichet_national/appels/seance.html",
        {
            "appel": a,
            "enveloppe": enveloppe,
            "lignes": _lignes_de_seance(a),
        },
    )


@require_http_methods(["GET", "POST"])
def decision(request, uuid):
    """La décision de séance sur un dossier : sa page (le formulaire), puis l'envoi."""
    dossier = _dossier_d_appel(uuid)
    _exiger_dinum(request.user)
    perms.exiger(perms.peut_instruire(request.user, dossier), "Vous n'instruisez pas ce dossier.")
    form = DecisionSeanceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            jury.decider(
                dossier=dossier,
                par=request.user,
                laureat=form.cleaned_data["decision"] == "laureat",
                montant=form.cleaned_data.get("montant"),
                motivation=form.cleaned_data.get("motivation") or "",
            )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                exc = ValidationError(str(exc))
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, f"« {dossier.titre} » : décision enregistrée.")
            return redirect("guichet_national:appel_seance", slug=dossier.guichet.slug)
    return render(
        request,
        "guichet_national/appels/decision.html",
        {"dossier": dossier, "form": form},
        status=422 if request.method == "POST" else 200,
    )
