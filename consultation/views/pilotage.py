"""Le pilotage d'un service retenu par l'ANCT : sa fiche, ses jalons, le financement de sa
gouvernance, les consultations des référents, les volontaires déclinés, la livraison au
Territoires Store, et les demandes d'adhésion au Store. Chaque formulaire a son adresse ; une
erreur rend la page de pilotage avec la saisie et le message près du champ."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms as socle
from fonds.financement.montants import en_euros
from fonds.pagination import page_en_une_requete

from .. import perms
from ..forms_suivi import (
    DeclinForm,
    FicheForm,
    GouvernanceForm,
    JalonForm,
    QuestionForm,
    StatutJalonForm,
)
from ..models import AdhesionService, Interet, Jalon
from ..services import referents, suivi
from ..services.suivi import CHAMPS_FICHE
from .services import PAR_PAGE, service_de


def _exiger_anct(request):
    socle.exiger(
        perms.anime_la_consultation(request.user),
        "Seule l'ANCT pilote le suivi des services retenus.",
    )


def _referents(service):
    return (
        Collectivite.objects.filter(
            pk__in=Interet.objects.referents().filter(service=service).values("collectivite_id")
        )
        .select_related("departement")
        .order_by("nom")
    )


def _page(request, service, *, status=200, **formulaires):
    interets = list(Interet.objects.filter(service=service).select_related("collectivite"))
    for i in interets:
        i.apport = referents.apport(i)
    initial = {c: getattr(service, c) for c in CHAMPS_FICHE}
    return render(
        request,
        "consultation/services/piloter.html",
        {
            "service": service,
            "tour": service.tour,
            "interets": interets,
            "jalons": list(service.jalons.all()),
            "form_fiche": formulaires.get("form_fiche") or FicheForm(initial=initial),
            "form_jalon": formulaires.get("form_jalon") or JalonForm(),
            "form_gouvernance": formulaires.get("form_gouvernance")
            or GouvernanceForm(referents=_referents(service)),
            "form_question": formulaires.get("form_question") or QuestionForm(),
            "form_declin": formulaires.get("form_declin") or DeclinForm(),
            "declin_pour": formulaires.get("declin_pour"),
            "form_statut": StatutJalonForm(),
            "erreur_livraison": formulaires.get("erreur_livraison"),
        },
        status=status,
    )


def _agir(request, service, form, nom, action, succes: str):
    """Valide `form`, appelle `action(cleaned_data)` ; en cas d'erreur, la page de pilotage
    revient avec la saisie (422)."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, succes)
            return redirect("consultation:piloter", uuid=service.uuid)
    return _page(request, service, status=422, **{nom: form})


@require_http_methods(["GET", "POST"])
def piloter(request, uuid):
    """La page de pilotage ; son formulaire propre est la fiche du service."""
    _exiger_anct(request)
    s = service_de(uuid)
    if request.method == "GET":
        return _page(request, s)
    return _agir(
        request,
        s,
        FicheForm(request.POST),
        "form_fiche",
        lambda d: suivi.modifier_fiche(service=s, par=request.user, **d),
        "La fiche du service est à jour.",
    )


@require_POST
def ajouter_jalon(request, uuid):
    _exiger_anct(request)
    s = service_de(uuid)
    return _agir(
        request,
        s,
        JalonForm(request.POST),
        "form_jalon",
        lambda d: suivi.ajouter_jalon(service=s, par=request.user, **d),
        "Le jalon est ajouté au suivi public.",
    )


@require_POST
def changer_jalon(request, uuid, pk):
    _exiger_anct(request)
    s = service_de(uuid)
    jalon = get_object_or_404(Jalon, service=s, pk=pk)
    form = StatutJalonForm(request.POST)
    if form.is_valid():
        suivi.changer_statut_jalon(
            jalon=jalon, statut=form.cleaned_data["statut"], par=request.user
        )
        messages.success(request, f"« {jalon.titre} » : {jalon.get_statut_display().lower()}.")
    else:
        messages.error(request, "Choisissez un statut de la liste.")
    return redirect("consultation:piloter", uuid=s.uuid)


@require_POST
def financer_gouvernance(request, uuid):
    _exiger_anct(request)
    s = service_de(uuid)
    form = GouvernanceForm(request.POST, referents=_referents(s))
    return _agir(
        request,
        s,
        form,
        "form_gouvernance",
        lambda d: suivi.financer_gouvernance(service=s, par=request.user, **d),
        f"Le financement de la gouvernance est engagé ({en_euros(form.cleaned_data['montant'])})."
        if form.is_valid()
        else "",
    )


@require_POST
def consulter_referents(request, uuid):
    _exiger_anct(request)
    s = service_de(uuid)
    return _agir(
        request,
        s,
        QuestionForm(request.POST),
        "form_question",
        lambda d: suivi.ouvrir_question(service=s, par=request.user, **d),
        "La consultation est ouverte ; les référents en sont prévenus.",
    )


@require_POST
def decliner_interet(request, uuid, pk):
    _exiger_anct(request)
    s = service_de(uuid)
    interet = get_object_or_404(Interet.objects.select_related("collectivite"), service=s, pk=pk)
    form = DeclinForm(request.POST)
    if form.is_valid():
        try:
            referents.decliner(interet=interet, motif=form.cleaned_data["motif"], par=request.user)
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(
                request, f"{interet.collectivite.nom} est déclinée ; elle sait pourquoi."
            )
            return redirect("consultation:piloter", uuid=s.uuid)
    return _page(request, s, status=422, form_declin=form, declin_pour=interet.pk)


@require_POST
def livrer(request, uuid):
    _exiger_anct(request)
    s = service_de(uuid)
    try:
        suivi.livrer(service=s, par=request.user)
    except ValidationError as exc:
        return _page(request, s, status=422, erreur_livraison=exc.messages)
    messages.success(request, f"« {s.nom} » entre au Territoires Store.")
    return redirect("consultation:service", uuid=s.uuid)


@require_http_methods(["GET", "POST"])
def demandes_store(request):
    """Les demandes d'adhésion aux services du Store, à mettre en service (ANCT)."""
    _exiger_anct(request)
    if request.method == "POST":
        a = get_object_or_404(
            AdhesionService.objects.select_related("service", "collectivite"),
            pk=request.POST.get("adhesion")
            if str(request.POST.get("adhesion", "")).isdigit()
            else 0,
        )
        try:
            referents.mettre_en_service(adhesion=a, par=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{a.collectivite.nom} utilise « {a.service.nom} ».")
        return redirect("consultation:demandes_store")
    qs = AdhesionService.objects.select_related("service", "collectivite", "par").order_by(
        "en_service_le", "-le", "-pk"
    )
    page = page_en_une_requete(qs, request.GET.get("page"), PAR_PAGE)
    return render(request, "consultation/services/demandes.html", {"page": page})
