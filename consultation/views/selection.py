"""Les pages du comité de sélection : le comité (ANCT), la séance (ANCT et membres), la page
d'un besoin devant le comité (décision publique ; avis des membres, déports, décision de
l'ANCT) et le procès-verbal en PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from fonds.comptes import perms as socle

from .. import perms
from ..forms_selection import AvisForm, ConflitForm, DecisionForm, MembreForm
from ..models.selection import Avis, DecisionComite, MembreComite
from ..services import selection as services
from .commun import tour_de


def _exiger_comite(request, tour):
    """L'ANCT ou un membre du comité du tour ; rend le membre (ou None pour l'ANCT)."""
    membre = services.membre_de(tour, request.user)
    socle.exiger(
        membre is not None or perms.anime_la_consultation(request.user),
        "Cette page est celle du comité de sélection du tour.",
    )
    return membre


@require_http_methods(["GET", "POST"])
def comite(request, slug):
    t = tour_de(slug)
    socle.exiger(
        perms.anime_la_consultation(request.user),
        "Seule l'ANCT compose le comité de sélection.",
    )
    saisie = request.method == "POST" and "presence" not in request.POST
    form = MembreForm(request.POST if saisie else None)
    if request.method == "POST" and "presence" in request.POST:
        membre = MembreComite.objects.filter(tour=t, pk=request.POST.get("presence")).first()
        if membre is None:
            raise Http404("Ce membre n'est pas au comité de ce tour.")
        membre.present = not membre.present
        membre.save(update_fields=["present"])
        messages.success(request, f"Présence de {membre.personne.get_full_name()} modifiée.")
        return redirect("consultation:comite", slug=t.slug)
    if request.method == "POST" and form.is_valid():
        try:
            membre = services.composer(
                tour=t,
                personne=form.personne,
                qualite=form.cleaned_data["qualite"],
                collectivite=form.collectivite,
                organisation=form.cleaned_data["organisation"],
                par=request.user,
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(
                request,
                f"{membre.personne.get_full_name() or membre.personne.email} siège au comité "
                f"({membre.deports.count()} déport(s) proposé(s)).",
            )
            return redirect("consultation:comite", slug=t.slug)
    membres = (
        MembreComite.objects.filter(tour=t)
        .select_related("personne", "collectivite")
        .prefetch_related("deports__groupe", "deports__proposition")
    )
    return render(
        request,
        "consultation/selection/comite.html",
        {"tour": t, "form": form, "membres": membres},
        status=422 if request.method == "POST" else 200,
    )


@require_safe
def seance(request, slug):
    t = tour_de(slug)
    membre = _exiger_comite(request, t)
    contexte = services.seance(t)
    deports = set()
    if membre is not None:
        deports = {(d.groupe_id, d.proposition_id) for d in membre.deports.all()}
    return render(
        request,
        "consultation/selection/seance.html",
        {"tour": t, "membre": membre, "deports": deports, **contexte},
    )


def _cible_ou_404(t, uuid):
    c = services.cible_de(t, uuid)
    if c is None:
        raise Http404("Ce besoin n'est pas devant le comité de ce tour.")
    return c


@login_not_required
@require_http_methods(["GET", "POST"])
def cible(request, slug, uuid):
    """Publique : la décision et sa motivation. Un membre y donne son avis ou se déporte (un
    membre déporté voit le besoin mais reçoit 403 s'il envoie un avis)."""
    t = tour_de(slug)
    c = _cible_ou_404(t, uuid)
    action = request.POST.get("action", "avis") if request.method == "POST" else None
    if action not in (None, "conflit"):
        action = "avis"
    form_avis = AvisForm(request.POST if action == "avis" else None)
    form_conflit = ConflitForm(request.POST if action == "conflit" else None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        socle.exiger(
            services.membre_de(t, request.user) is not None,
            "Seuls les membres du comité donnent un avis ou se déportent.",
        )
        form = form_conflit if action == "conflit" else form_avis
        if form.is_valid():
            try:
                d = form.cleaned_data
                if action == "avis":
                    services.donner_avis(
                        tour=t, cible=c, par=request.user, sens=d["sens"], texte=d["texte"]
                    )
                    messages.success(request, "Votre avis est enregistré.")
                else:
                    services.declarer_conflit(tour=t, cible=c, par=request.user, motif=d["motif"])
                    messages.success(request, "Vous êtes déporté sur ce besoin.")
            except ValidationError as exc:
                form.ajouter_erreurs(exc)
            else:
                return redirect("consultation:selection_cible", slug=t.slug, uuid=c.uuid)
    return _page_cible(request, t, c, form_avis=form_avis, form_conflit=form_conflit)


@require_POST
def decider(request, slug, uuid):
    t = tour_de(slug)
    socle.exiger(
        perms.anime_la_consultation(request.user),
        "Seule l'ANCT enregistre les décisions du comité.",
    )
    c = _cible_ou_404(t, uuid)
    form = DecisionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.decider(
                tour=t,
                cible=c,
                issue=d["issue"],
                voie=d.get("voie") or "",
                montant=d.get("montant"),
                motivation=d["motivation"],
                par=request.user,
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "La décision du comité est enregistrée et publiée.")
            return redirect("consultation:selection_cible", slug=t.slug, uuid=c.uuid)
    return _page_cible(request, t, c, form_decision=form)


def _page_cible(request, t, c, *, form_avis=None, form_conflit=None, form_decision=None):
    decision = DecisionComite.objects.filter(**c.filtre()).select_related("engagement").first()
    membre = services.membre_de(t, request.user)
    anct = perms.anime_la_consultation(request.user)
    deporte = membre is not None and services.est_deporte(membre, c)
    tous_avis = []
    if membre is not None or anct:
        tous_avis = list(
            Avis.objects.filter(**c.filtre()).select_related("membre__personne").order_by("pk")
        )
    return render(
        request,
        "consultation/selection/cible.html",
        {
            "tour": t,
            "cible": c,
            "decision": decision,
            "membre": membre,
            "anct": anct,
            "deporte": deporte,
            "tous_avis": tous_avis,
            "form_avis": form_avis or AvisForm(),
            "form_conflit": form_conflit or ConflitForm(),
            "form_decision": form_decision or DecisionForm(),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_safe
def proces_verbal(request, slug):
    t = tour_de(slug)
    _exiger_comite(request, t)
    response = HttpResponse(services.rendre_proces_verbal(t), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="proces-verbal-{t.slug}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_safe
def decisions(request, slug):
    """Publique : les décisions du comité, leur voie, leur montant et leur motivation."""
    t = tour_de(slug)
    liste = list(
        DecisionComite.objects.filter(tour=t)
        .select_related("groupe", "proposition", "engagement", "service")
        .order_by("issue", "le", "pk")
    )
    total = sum((d.montant or 0 for d in liste), 0)
    return render(
        request,
        "consultation/selection/decisions.html",
        {"tour": t, "decisions": liste, "total": total},
    )


@login_not_required
@require_safe
def guichet_du_comite(request, slug):
    """On ne dépose pas au guichet du comité d'un tour : sa page renvoie aux décisions."""
    from ..subventions import PREFIXE

    t = tour_de(slug.removeprefix(PREFIXE))
    return redirect("consultation:decisions_comite", slug=t.slug)
