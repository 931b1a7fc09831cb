"""Le guichet à forfait côté public et collectivité : la page des règles, la demande décidée
dans la requête, la page de la décision et la mise en service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from fonds.comptes import perms
from fonds.dossiers.models import Guichet

from ..forms_forfaits import DemandeForfaitForm, MiseEnServiceForm, RevocationForm
from ..models.forfaits import CODE_FORFAIT, DemandeForfait, StatutDemande
from ..services import forfaits as services
from ..services import forfaits_suivi as suivi


def guichet_forfait(slug) -> Guichet:
    return get_object_or_404(
        Guichet.objects.select_related("enveloppe"), slug=slug, type=CODE_FORFAIT
    )


def places(guichet) -> dict:
    """Ce que l'enveloppe paie encore et la liste d'attente, en une requête."""
    compte = DemandeForfait.objects.filter(guichet=guichet).aggregate(
        accordees=Count("pk", filter=Q(statut=StatutDemande.ACCORDEE)),
        en_attente=Count("pk", filter=Q(statut=StatutDemande.EN_ATTENTE)),
    )
    enveloppe = guichet.enveloppe
    reste = enveloppe.disponible if enveloppe else 0
    forfait = guichet.montant_forfaitaire or 1
    return {**compte, "reste": reste, "forfaits_restants": int(reste // forfait)}


@login_not_required
@require_safe
def guichet(request, slug):
    """Les règles du guichet, le montant, les plafonds et ce qui reste sur l'enveloppe."""
    g = guichet_forfait(slug)
    return render(
        request,
        "guichet_national/forfaits/guichet.html",
        {"guichet": g, "places": places(g), "ouvert": g.est_ouvert()},
    )


@require_http_methods(["GET", "POST"])
def demander(request, slug):
    """Le cahier des charges en une page ; au dépôt, la décision, montrée à la page suivante."""
    g = guichet_forfait(slug)
    form = DemandeForfaitForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            demande = services.demander_forfait(
                guichet=g,
                collectivite=form.cleaned_data["collectivite"],
                par=request.user,
                **form.reponses(),
            )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                exc = ValidationError({"collectivite": [str(exc)]})
            form.ajouter_erreurs(exc)
        else:
            return redirect("guichet_national:forfait_demande", uuid=demande.uuid)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "guichet_national/forfaits/demander.html",
        {"guichet": g, "form": form, "places": places(g), "ouvert": g.est_ouvert()},
        status=status,
    )


def demande_visible(request, uuid) -> DemandeForfait:
    """La demande, pour les membres de sa collectivité et la DINUM ; 404 pour les autres."""
    demande = get_object_or_404(
        DemandeForfait.objects.select_related(
            "guichet__enveloppe", "collectivite", "api", "subvention", "dossier"
        ),
        uuid=uuid,
    )
    if not (
        perms.est_membre(request.user, demande.collectivite)
        or suivi.peut_suivre_les_forfaits(request.user)
    ):
        raise Http404("Demande introuvable.")
    return demande


def _page_demande(request, demande, *, status=200, form_service=None, form_revocation=None):
    membre = perms.peut_agir_pour(request.user, demande.collectivite)
    dinum = suivi.peut_suivre_les_forfaits(request.user)
    accordee = demande.statut == StatutDemande.ACCORDEE
    rang = None
    if demande.statut == StatutDemande.EN_ATTENTE:
        rang = (
            DemandeForfait.objects.liste_attente(demande.guichet)
            .filter(
                Q(deposee_le__lt=demande.deposee_le)
                | Q(deposee_le=demande.deposee_le, pk__lte=demande.pk)
            )
            .count()
        )
    contexte = {
        "demande": demande,
        "rang": rang,
        "form_service": form_service
        or (
            MiseEnServiceForm() if membre and accordee and not demande.mise_en_service_le else None
        ),
        "form_revocation": form_revocation or (RevocationForm() if dinum and accordee else None),
        "dinum": dinum,
    }
    return render(request, "guichet_national/forfaits/demande.html", contexte, status=status)


@require_safe
def demande(request, uuid):
    return _page_demande(request, demande_visible(request, uuid))


@require_POST
def mise_en_service(request, uuid):
    d = demande_visible(request, uuid)
    perms.exiger(
        perms.peut_agir_pour(request.user, d.collectivite),
        "Seuls les membres vérifiés de la collectivité déclarent la mise en service.",
    )
    form = MiseEnServiceForm(request.POST)
    if form.is_valid():
        try:
            verse = suivi.declarer_mise_en_service(
                demande=d,
                par=request.user,
                date=form.cleaned_data["date"],
                adresse=form.cleaned_data["adresse"],
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(
                request,
                "Mise en service enregistrée : le forfait est versé."
                if verse
                else "Mise en service enregistrée : le forfait sera versé dès que la convention "
                "est signée par les deux parties.",
            )
            return redirect("guichet_national:forfait_demande", uuid=d.uuid)
    return _page_demande(request, d, status=422, form_service=form)


@require_POST
def revoquer(request, uuid):
    d = demande_visible(request, uuid)
    perms.exiger(
        suivi.peut_suivre_les_forfaits(request.user),
        "Seule la DINUM révoque un forfait du guichet national.",
    )
    form = RevocationForm(request.POST)
    if form.is_valid():
        try:
            suivi.revoquer_forfait(demande=d, par=request.user, motif=form.cleaned_data["motif"])
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(
                request,
                "Forfait révoqué : l'engagement est libéré et la liste d'attente servie.",
            )
            return redirect("guichet_national:forfait_demande", uuid=d.uuid)
    return _page_demande(request, d, status=422, form_revocation=form)
