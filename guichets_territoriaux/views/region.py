"""La page de la préfecture de région : son enveloppe, ses départements, la délégation et la
reprise de l'argent non utilisé."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from fonds.collectivites.models import Region
from fonds.comptes import perms

from ..forms import DelegationForm, RepriseForm
from ..services import repartition as services
from ..services.guichets import guichets_de_region


def regionale_geree(request, code):
    """L'enveloppe de la région, pour sa préfecture de région et les administrateurs."""
    region = get_object_or_404(Region, code=code)
    regionale = services.enveloppe_de_region(region)
    if regionale is None:
        raise Http404("Cette région n'a pas encore d'enveloppe de l'axe 3.")
    if not perms.peut_gerer_enveloppe(request.user, regionale):
        raise PermissionDenied("Seule la préfecture de région gère cette enveloppe.")
    return region, regionale


def _page(request, region, regionale, *, delegation=None, reprise=None, status=200):
    departementales = services.enveloppes_departementales(regionale)
    delegation = delegation or DelegationForm(departements=region.departements.order_by("code"))
    reprise = reprise or RepriseForm(
        enveloppes=regionale.enfants.filter(nature="departement").select_related("departement")
    )
    guichets = guichets_de_region(region)
    par_territoire = {(g.region_id, g.departement_id): g for g in guichets}
    territoires = [(regionale, region.nom, par_territoire.get((region.pk, None)))] + [
        (e, e.departement.nom, par_territoire.get((None, e.departement_id)))
        for e in departementales
    ]
    return render(
        request,
        "guichets_territoriaux/region.html",
        {
            "region": region,
            "regionale": regionale,
            "departementales": departementales,
            "territoires": territoires,
            "delegation": delegation,
            "reprise": reprise,
        },
        status=status,
    )


@require_safe
def region(request, code):
    region, regionale = regionale_geree(request, code)
    return _page(request, region, regionale)


@require_POST
def deleguer(request, code):
    region, regionale = regionale_geree(request, code)
    form = DelegationForm(request.POST, departements=region.departements.order_by("code"))
    if form.is_valid():
        try:
            services.deleguer_au_departement(
                regionale=regionale, par=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "Délégation enregistrée.")
            return redirect("guichets_territoriaux:region", code=region.code)
    return _page(request, region, regionale, delegation=form, status=422)


@require_POST
def reprendre(request, code):
    region, regionale = regionale_geree(request, code)
    form = RepriseForm(
        request.POST,
        enveloppes=regionale.enfants.filter(nature="departement").select_related("departement"),
    )
    if form.is_valid():
        try:
            services.reprendre(
                departementale=form.cleaned_data["enveloppe"],
                montant=form.cleaned_data["montant"],
                motif=form.cleaned_data["motif"],
                par=request.user,
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "L'argent repris est revenu à la région.")
            return redirect("guichets_territoriaux:region", code=region.code)
    return _page(request, region, regionale, reprise=form, status=422)
