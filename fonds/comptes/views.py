"""Adhésions aux collectivités : demander, suivre, valider ou refuser."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from . import perms, services
from .enums import StatutAdhesion
from .forms import DeclarationConflitForm, DemandeAdhesionForm, RefusAdhesionForm
from .models import Adhesion, ConflitInteret


@require_safe
def adhesions(request):
    """Mes adhésions, et les demandes que je peux décider."""
    mes_adhesions = list(
        Adhesion.objects.filter(user=request.user).avec_details().order_by("-demandee_le")
    )
    a_decider = Paginator(
        Adhesion.objects.decidables_par(request.user).en_attente().avec_details(), 25
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "comptes/adhesions.html",
        {"mes_adhesions": mes_adhesions, "a_decider": a_decider},
    )


def demander_adhesion(request):
    form = DemandeAdhesionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            adhesion = services.demander_adhesion(
                user=request.user,
                collectivite=form.cleaned_data["collectivite"],
                fonction=form.cleaned_data["fonction"],
                intitule_poste=form.cleaned_data["intitule_poste"],
            )
        except ValidationError as exc:
            form.add_error("collectivite", exc)
        else:
            messages.success(
                request,
                f"Votre demande d'adhésion à {adhesion.collectivite.nom} est envoyée. "
                "Un membre de la collectivité ou un administrateur va la vérifier ; "
                "d'ici là, vous pouvez consulter mais pas agir pour elle.",
            )
            return redirect("comptes:adhesion_detail", uuid=adhesion.uuid)
    return render(request, "comptes/demander_adhesion.html", {"form": form})


def _adhesion_visible(request, uuid) -> Adhesion:
    adhesion = get_object_or_404(Adhesion.objects.avec_details(), uuid=uuid)
    perms.exiger(
        perms.peut_voir_adhesion(request.user, adhesion),
        "Cette demande d'adhésion ne vous concerne pas.",
    )
    return adhesion


@require_safe
def adhesion_detail(request, uuid):
    adhesion = _adhesion_visible(request, uuid)
    return render(
        request,
        "comptes/adhesion_detail.html",
        {
            "adhesion": adhesion,
            "peut_decider": perms.peut_decider_adhesion(request.user, adhesion),
            "peut_retirer": adhesion.user_id == request.user.pk
            and adhesion.statut in (StatutAdhesion.EN_ATTENTE, StatutAdhesion.VALIDEE),
            "form_refus": RefusAdhesionForm(),
        },
    )


@require_POST
def valider_adhesion(request, uuid):
    adhesion = _adhesion_visible(request, uuid)
    try:
        services.valider_adhesion(adhesion=adhesion, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"{adhesion.user} peut désormais agir pour {adhesion.collectivite.nom}."
        )
    return redirect("comptes:adhesion_detail", uuid=adhesion.uuid)


@require_POST
def refuser_adhesion(request, uuid):
    adhesion = _adhesion_visible(request, uuid)
    perms.exiger(perms.peut_decider_adhesion(request.user, adhesion))
    form = RefusAdhesionForm(request.POST)
    if form.is_valid():
        try:
            services.refuser_adhesion(
                adhesion=adhesion, par=request.user, motif=form.cleaned_data["motif"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "La demande est refusée ; la personne en est informée.")
            return redirect("comptes:adhesion_detail", uuid=adhesion.uuid)
    return render(
        request,
        "comptes/adhesion_detail.html",
        {"adhesion": adhesion, "peut_decider": True, "peut_retirer": False, "form_refus": form},
        status=422,
    )


@require_POST
def retirer_adhesion(request, uuid):
    adhesion = _adhesion_visible(request, uuid)
    try:
        services.retirer_adhesion(adhesion=adhesion, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "L'adhésion est retirée.")
    return redirect("comptes:adhesions")


# Conflits d'intérêts -------------------------------------------------------------------------


def _page_conflits(request, form=None, status=200):
    propositions = list(ConflitInteret.objects.propositions(request.user))
    if form is None:  # « Déclarer » sur une proposition : la collectivité est déjà choisie
        choisie = request.GET.get("collectivite", "")
        proposee = next((c for c in propositions if str(c.uuid) == choisie), None)
        form = DeclarationConflitForm(initial={"collectivite": proposee} if proposee else None)
    return render(
        request,
        "comptes/conflits.html",
        {
            "propositions": propositions,
            "declares": list(ConflitInteret.objects.de(request.user)),
            "form": form,
        },
        status=status,
    )


@require_safe
def conflits(request):
    """Mes conflits d'intérêts : ceux que le portail propose, ceux que j'ai déclarés, et le
    formulaire pour en déclarer un. Les agents seulement."""
    perms.exiger(perms.est_agent(request.user), "Cette page est réservée aux agents.")
    return _page_conflits(request)


@require_POST
def declarer_conflit(request):
    perms.exiger(perms.est_agent(request.user), "Cette page est réservée aux agents.")
    form = DeclarationConflitForm(request.POST)
    if form.is_valid():
        try:
            conflit = services.declarer_conflit(
                user=request.user,
                collectivite=form.cleaned_data["collectivite"],
                motif=form.cleaned_data["motif"],
                par=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Votre conflit d'intérêts avec {conflit.collectivite.nom} est déclaré : vous ne "
                "voyez plus ses dossiers et n'en recevez plus les notifications.",
            )
            return redirect("comptes:conflits")
    return _page_conflits(request, form, status=422)
