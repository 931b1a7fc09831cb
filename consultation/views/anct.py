"""Les pages de l'ANCT : calendrier, modération et issues, regroupement, estimations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from fonds.comptes import perms as socle
from fonds.pagination import page_en_une_requete

from .. import perms
from ..enums import Issue, StatutCommentaire
from ..forms import CalendrierForm, EstimationForm, IssueForm, MasquerForm, RegroupementForm
from ..models import Commentaire, Proposition
from ..services import groupes as groupes_services
from ..services import propositions as services
from ..services.tours import decaler_phase
from .commun import groupe_de, proposition_de, tour_de
from .public import _page_groupe, _page_proposition

PAR_PAGE = 30


def _exiger_anct(request):
    socle.exiger(
        perms.anime_la_consultation(request.user),
        "Cette page est celle de l'ANCT, qui anime la consultation.",
    )


@require_http_methods(["GET", "POST"])
def calendrier(request, slug):
    t = tour_de(slug)
    _exiger_anct(request)
    form = CalendrierForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            decaler_phase(
                tour=t,
                champ=form.cleaned_data["champ"],
                date=form.moment(),
                motif=form.cleaned_data["motif"],
                par=request.user,
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, f"Calendrier modifié : phase en cours, {t.phase_libelle}.")
            return redirect("consultation:calendrier", slug=t.slug)
    historique = list(t.history.select_related("history_user").order_by("-history_date")[:50])
    return render(
        request,
        "consultation/calendrier.html",
        {"tour": t, "form": form, "historique": historique},
        status=422 if request.method == "POST" else 200,
    )


@require_safe
def moderation(request, slug):
    """Les propositions en examen (issue à décider) et les derniers commentaires."""
    t = tour_de(slug)
    _exiger_anct(request)
    issue = request.GET.get("issue") or Issue.EN_EXAMEN
    if issue not in Issue.values:
        issue = Issue.EN_EXAMEN
    qs = Proposition.objects.filter(tour=t, issue=issue).select_related("collectivite", "guichet")
    page = page_en_une_requete(qs.order_by("deposee_le", "pk"), request.GET.get("page"), PAR_PAGE)
    commentaires = list(
        Commentaire.objects.filter(proposition__tour=t, statut=StatutCommentaire.PUBLIE)
        .select_related("auteur", "proposition")
        .order_by("-cree_le")[:20]
    )
    compte = dict(
        Proposition.objects.filter(tour=t).values_list("issue").annotate(n=Count("pk")).order_by()
    )
    return render(
        request,
        "consultation/moderation.html",
        {
            "tour": t,
            "page": page,
            "issue": issue,
            "issues": [(i.value, i.label, compte.get(i.value, 0)) for i in Issue],
            "commentaires": commentaires,
            "form_issue": IssueForm(),
            "form_masquer": MasquerForm(),
        },
    )


@require_POST
def decider(request, uuid):
    p = proposition_de(uuid)
    _exiger_anct(request)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.decider_issue(
                proposition=p,
                issue=form.cleaned_data["issue"],
                raison=form.cleaned_data["raison"],
                guichet=form.cleaned_data["guichet"],
                par=request.user,
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, f"« {p.titre} » : {p.get_issue_display().lower()}.")
            return redirect("consultation:proposition", uuid=p.uuid)
    return _page_proposition(request, p, status=422, form_issue=form)


@require_POST
def masquer(request, uuid):
    c = get_object_or_404(Commentaire.objects.select_related("proposition"), uuid=uuid)
    _exiger_anct(request)
    form = MasquerForm(request.POST)
    if form.is_valid():
        try:
            services.masquer_commentaire(
                commentaire=c, motif=form.cleaned_data["motif"], par=request.user
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "Commentaire masqué.")
            return redirect("consultation:proposition", uuid=c.proposition.uuid)
    return _page_proposition(
        request, proposition_de(c.proposition.uuid), status=422, form_masquer=form
    )


@require_http_methods(["GET", "POST"])
def regroupement(request, slug):
    """Une proposition gardée et ses doublons probables ; les regrouper dans un besoin
    consolidé existant ou nouveau. Sans proposition choisie : celles qui restent seules."""
    t = tour_de(slug)
    _exiger_anct(request)
    choisie = None
    if request.GET.get("proposition"):
        choisie = (
            Proposition.objects.filter(
                tour=t, uuid=_uuid(request.GET["proposition"]), issue=Issue.GARDEE
            )
            .select_related("collectivite", "groupe")
            .first()
        )
    form = RegroupementForm(request.POST if request.method == "POST" else None, tour=t)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            g = groupes_services.regrouper(
                propositions=d["propositions"],
                groupe=d["groupe"],
                titre=d["titre"],
                description=d["description"],
                par=request.user,
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, f"Regroupées dans « {g.titre} ».")
            return redirect("consultation:groupe", uuid=g.uuid)
    suggestions = groupes_services.suggestions(choisie) if choisie else []
    seules = page_en_une_requete(
        Proposition.objects.votables(t).select_related("collectivite").order_by("titre", "pk"),
        request.GET.get("page"),
        PAR_PAGE,
    )
    return render(
        request,
        "consultation/regroupement.html",
        {
            "tour": t,
            "choisie": choisie,
            "suggestions": suggestions,
            "seules": seules,
            "groupes": list(t.groupes.order_by("titre").values_list("uuid", "titre")),
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )


def _uuid(valeur):
    import uuid

    try:
        return uuid.UUID(str(valeur)[:64])
    except ValueError:
        return None


@require_POST
def degrouper(request, uuid):
    p = proposition_de(uuid)
    _exiger_anct(request)
    groupe = p.groupe
    try:
        groupes_services.degrouper(proposition=p, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _page_proposition(request, p, status=422)
    messages.success(request, f"« {p.titre} » est retirée de « {groupe.titre} ».")
    return redirect("consultation:groupe", uuid=groupe.uuid)


@require_POST
def estimer(request, uuid):
    g = groupe_de(uuid)
    _exiger_anct(request)
    form = EstimationForm(request.POST)
    if form.is_valid():
        try:
            groupes_services.estimer(
                groupe=g,
                cout_developpement=form.cleaned_data["cout_developpement"],
                cout_deploiement=form.cleaned_data["cout_deploiement"],
                par=request.user,
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "Estimation enregistrée.")
            return redirect("consultation:groupe", uuid=g.uuid)
    return _page_groupe(request, g, status=422, form_estimation=form)
