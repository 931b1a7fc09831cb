"""Espace d'instruction d'un guichet : liste filtrée, exports, actions groupées."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from fonds.comptes import perms
from fonds.comptes.models import etat_des_habilitations
from fonds.pages_en_cache import page_en_cache

from .. import exports, services
from ..enums import ETATS_VISIBLES_AGENTS, Etat
from ..filters import DossierFilter
from ..models import Dossier, Guichet

PAR_PAGE = 50

# Espace d'instruction ------------------------------------------------------------------------


def _guichet_instruit(request, slug) -> Guichet:
    guichet = get_object_or_404(Guichet.objects.select_related("departement", "region"), slug=slug)
    perms.exiger(
        perms.peut_instruire_guichet(request.user, guichet),
        "Vous n'instruisez pas les dossiers de ce guichet.",
    )
    return guichet


def _filtre(request, guichet) -> DossierFilter:
    qs = Dossier.objects.instruits_par(request.user, guichet).avec_details()
    return DossierFilter(request.GET or None, queryset=qs, guichet=guichet)


def _etat_du_guichet(request, slug) -> str:
    """Ce que montre la liste : les dossiers déposés du guichet (un brouillon enregistré au fil
    de la frappe ne la fait pas rendre à nouveau) et les habilitations (les instructeurs
    proposés par le filtre)."""
    guichet = Guichet.objects.filter(slug=slug).order_by().values("pk")
    dossiers = Dossier.objects.filter(guichet=Subquery(guichet), etat__in=ETATS_VISIBLES_AGENTS)
    return f"{dossiers.etat()}:{etat_des_habilitations()}"


@require_safe
@page_en_cache(_etat_du_guichet)
def instruction(request, slug):
    guichet = _guichet_instruit(request, slug)
    filtre = _filtre(request, guichet)
    page = Paginator(filtre.qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dossiers/instruction.html",
        {"guichet": guichet, "filtre": filtre, "page": page, "etat_depose": Etat.DEPOSE},
    )


@require_safe
def export_csv(request, slug):
    guichet = _guichet_instruit(request, slug)
    return exports.csv_en_flux(
        _filtre(request, guichet).qs,
        nom=f"dossiers-{guichet.slug}",
        colonnes=guichet.sorte.colonnes_export,
    )


@require_safe
def export_xlsx(request, slug):
    guichet = _guichet_instruit(request, slug)
    return exports.xlsx(
        _filtre(request, guichet).qs,
        nom=f"dossiers-{guichet.slug}",
        colonnes=guichet.sorte.colonnes_export,
    )


def _est_uuid(valeur: str) -> bool:
    try:
        uuid.UUID(valeur)
    except ValueError:
        return False
    return True


def _action_groupee(request, slug, faire, succes: str):
    guichet = _guichet_instruit(request, slug)
    # Des identifiants mal formés sont ignorés, pas une erreur serveur (trouvé par le fuzz).
    uuids = [u for u in request.POST.getlist("dossiers")[:500] if _est_uuid(u)]
    conflits = perms.droits(request.user).conflits
    perms.exiger(
        not (
            conflits
            and Dossier.objects.filter(
                guichet=guichet, uuid__in=uuids, collectivite_id__in=conflits
            ).exists()
        ),
        "Vous avez déclaré un conflit d'intérêts avec la collectivité d'un de ces dossiers.",
    )
    choisis = Dossier.objects.instruits_par(request.user, guichet).filter(uuid__in=uuids)
    faits, refus = 0, []
    for dossier in choisis.avec_details():
        try:
            faire(dossier)
            faits += 1
        except (ValidationError, PermissionDenied) as exc:
            refus.append(f"« {dossier} » : {' '.join(getattr(exc, 'messages', [str(exc)]))}")
    if faits:
        messages.success(request, succes.format(n=faits))
    if refus:
        messages.warning(request, "Non traités — " + " ; ".join(refus[:10]))
    if not faits and not refus:
        messages.info(request, "Cochez au moins un dossier.")
    liste = reverse("dossiers:instruction", kwargs={"slug": guichet.slug})
    retour = request.POST.get("retour", "").replace("\n", "").replace("\r", "")
    if len(retour) > 1000:  # les filtres de la liste, pas plus (une adresse trop longue : 400)
        retour = ""
    return redirect(f"{liste}?{retour}" if retour else liste)


@require_POST
def m_attribuer_selection(request, slug):
    return _action_groupee(
        request,
        slug,
        lambda d: services.attribuer(dossier=d, par=request.user, instructeur=request.user),
        "{n} dossier(s) vous sont attribués.",
    )


@require_POST
def instruire_selection(request, slug):
    return _action_groupee(
        request,
        slug,
        lambda d: services.passer_en_instruction(dossier=d, par=request.user),
        "{n} dossier(s) passés en instruction.",
    )
