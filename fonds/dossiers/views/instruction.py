"""Espace d'instruction d'un guichet : liste filtrée, exports, actions groupées."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from fonds import pages_en_cache
from fonds.comptes import perms
from fonds.pagination import page_en_une_requete

from .. import exports, services
from ..enums import Etat
from ..filters import DossierFilter
from ..models import Dossier, Guichet

PAR_PAGE = 50

# Espace d'instruction ------------------------------------------------------------------------


def _guichet_instruit(request, slug) -> Guichet:
    guichet = get_object_or_404(Guichet, slug=slug)
    perms.exiger(
        perms.peut_instruire_guichet(request.user, guichet),
        "Vous n'instruisez pas les dossiers de ce guichet.",
    )
    return guichet


def _filtre(request, guichet, queryset) -> DossierFilter:
    instructeurs = guichet.instructeurs().only("first_name", "last_name", "email")
    return DossierFilter(request.GET or None, queryset=queryset, instructeurs=list(instructeurs))


def formulaire_de_filtres(request, guichet, filtre: DossierFilter) -> str:
    """Le formulaire de filtres rendu (DSFR, ~100 départements), partagé par les agents du
    guichet : sa clé est le guichet, les filtres envoyés, les instructeurs proposés (nom
    compris) et la version du registre (départements). Rien d'une personne n'y entre ; la vue
    a fait ses contrôles avant de le demander."""
    envoyes = sorted((k, v) for k, v in request.GET.lists() if k != "page")
    return pages_en_cache.fragment(
        "filtres-instruction",
        str(guichet.pk),
        repr(envoyes),
        repr(filtre.filters["instructeur"].extra["choices"]),
        pages_en_cache.version("registre"),
        rendre=lambda: str(filtre.form),
    )


@require_safe
def instruction(request, slug):
    guichet = _guichet_instruit(request, slug)
    filtre = _filtre(request, guichet, Dossier.objects.instruits_par(request.user, guichet))
    page = page_en_une_requete(filtre.qs.pour_liste(), request.GET.get("page"), PAR_PAGE)
    return render(
        request,
        "dossiers/instruction.html",
        {
            "guichet": guichet,
            "formulaire_de_filtres": formulaire_de_filtres(request, guichet, filtre),
            "page": page,
            "etat_depose": Etat.DEPOSE,
        },
    )


def _a_exporter(request, guichet):
    return _filtre(request, guichet, Dossier.objects.instruits_par(request.user, guichet)).qs


@require_safe
def export_csv(request, slug):
    guichet = _guichet_instruit(request, slug)
    return exports.csv_en_flux(
        _a_exporter(request, guichet),
        nom=f"dossiers-{guichet.slug}",
        colonnes=guichet.sorte.colonnes_export,
    )


@require_safe
def export_xlsx(request, slug):
    guichet = _guichet_instruit(request, slug)
    return exports.xlsx(
        _a_exporter(request, guichet),
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
