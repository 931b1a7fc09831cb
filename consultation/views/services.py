"""Les pages publiques des services retenus et du Territoires Store, et ce qu'y font les
collectivités : se porter volontaire, répondre à une consultation des référents, rejoindre un
service livré."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from fonds.comptes import perms as socle
from fonds.comptes.perms import droits
from fonds.pagination import page_en_une_requete

from .. import perms
from ..forms_suivi import AdhererForm, InteretForm, ReponseForm
from ..models import AdhesionService, Interet, Question, Reponse, ServiceRetenu
from ..services import referents as services
from ..services.passerelle import candidatures_du_service
from ..services.referents import PHASES_DE_L_INTERET, apport
from .commun import erreurs_en_formulaire

PAR_PAGE = 30


def service_de(uuid) -> ServiceRetenu:
    return get_object_or_404(
        ServiceRetenu.objects.select_related(
            "tour",
            "decision__engagement__beneficiaire",
            "decision__groupe",
            "decision__proposition",
        ),
        uuid=uuid,
    )


def _compte(modele, **filtre):
    return Coalesce(
        Subquery(
            modele.objects.filter(service=OuterRef("pk"), **filtre)
            .values("service")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def _avec_comptes(qs):
    return qs.annotate(
        nb_referents=_compte(Interet, role="referent", decline_le__isnull=True),
        nb_utilisatrices=_compte(AdhesionService, en_service_le__isnull=False),
    )


@login_not_required
@require_safe
def services_retenus(request):
    """Publique : tous les services retenus par les comités, suivis jusqu'à leur livraison."""
    qs = _avec_comptes(
        ServiceRetenu.objects.select_related("tour", "decision__engagement")
    ).order_by("-decision__le", "nom", "pk")
    page = page_en_une_requete(qs, request.GET.get("page"), PAR_PAGE)
    return render(request, "consultation/services/liste.html", {"page": page})


@login_not_required
@require_safe
def store(request):
    """Publique : le Territoires Store, les services retenus et livrés, eux seuls."""
    q = (request.GET.get("q") or "").strip()[:200]
    qs = _avec_comptes(ServiceRetenu.objects.au_store())
    if q:
        qs = qs.filter(Q(nom__icontains=q) | Q(description__icontains=q) | Q(pour_qui__icontains=q))
    page = page_en_une_requete(qs.order_by("nom", "pk"), request.GET.get("page"), PAR_PAGE)
    return render(request, "consultation/services/store.html", {"page": page, "q": q})


def _est_referent_de(user, service) -> set[int]:
    """Les collectivités de `user` qui sont référentes (non déclinées) du service."""
    mes = droits(user).collectivites
    if not mes:
        return set()
    return set(
        Interet.objects.referents()
        .filter(service=service, collectivite_id__in=mes)
        .values_list("collectivite_id", flat=True)
    )


def page_service(request, service, *, status=200, **formulaires):
    interets = list(Interet.objects.filter(service=service).select_related("collectivite"))
    for i in interets:
        i.apport = apport(i)
    anct = perms.anime_la_consultation(request.user)
    d = droits(request.user)
    mes = d.collectivites
    referents_a_moi = {
        i.collectivite_id
        for i in interets
        if i.collectivite_id in mes and i.role == "referent" and not i.decline
    }
    questions = []
    if anct or referents_a_moi:
        questions = list(Question.objects.filter(service=service).annotate(nb=Count("reponses")))
    contexte = {
        "service": service,
        "tour": service.tour,
        "decision": service.decision,
        "referents": [i for i in interets if i.role == "referent" and not i.decline],
        "premiers": [i for i in interets if i.role == "premier" and not i.decline],
        "declines": [i for i in interets if i.decline and (anct or i.collectivite_id in mes)],
        "jalons": list(service.jalons.all()),
        "financements": list(
            service.financements_gouvernance.select_related("engagement__beneficiaire")
        ),
        "utilisatrices": list(
            AdhesionService.objects.filter(service=service, en_service_le__isnull=False)
            .select_related("collectivite")
            .order_by("collectivite__nom")
        ),
        "questions": questions,
        # La passerelle vers l'axe 2 : les appels où le service candidate, et leur dossier.
        "candidatures": candidatures_du_service(service),
        "peut_candidater": bool(referents_a_moi) and not d.est_agent,
        "anct": anct,
        "membre": bool(mes) and not d.est_agent,
        "interet_ouvert": service.tour.phase() in PHASES_DE_L_INTERET,
        "mes_adhesions": {
            a.collectivite_id: a
            for a in AdhesionService.objects.filter(service=service, collectivite_id__in=mes)
        }
        if mes
        else {},
        "form_interet": formulaires.get("form_interet") or InteretForm(user=request.user),
        "form_adherer": formulaires.get("form_adherer") or AdhererForm(user=request.user),
    }
    return render(request, "consultation/services/service.html", contexte, status=status)


@login_not_required
@require_safe
def service(request, uuid):
    return page_service(request, service_de(uuid))


def _exiger_membre(request):
    socle.exiger(
        bool(droits(request.user).collectivites) and not droits(request.user).est_agent,
        "Seuls les membres vérifiés d'une collectivité agissent pour elle.",
    )


@require_POST
def volontaire(request, uuid):
    s = service_de(uuid)
    _exiger_membre(request)
    form = InteretForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        try:
            interet = services.se_porter_volontaire(
                service=s,
                collectivite=d["collectivite"],
                role=d["role"],
                cofinancement=d.get("cofinancement"),
                temps_equipe=d.get("temps_equipe", ""),
                sites_pilotes=d.get("sites_pilotes", ""),
                par=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(
                request,
                f"{interet.collectivite.nom} est {interet.get_role_display().lower()} de "
                f"« {s.nom} ».",
            )
            return redirect("consultation:service", uuid=s.uuid)
    return page_service(request, s, status=422, form_interet=form)


@require_POST
def rejoindre(request, uuid):
    s = service_de(uuid)
    _exiger_membre(request)
    form = AdhererForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            a = services.adherer(
                service=s, collectivite=form.cleaned_data["collectivite"], par=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(
                request,
                f"La demande de {a.collectivite.nom} est transmise à l'ANCT, qui vous "
                "accompagnera pour la mise en service.",
            )
            return redirect("consultation:service", uuid=s.uuid)
    return page_service(request, s, status=422, form_adherer=form)


@require_http_methods(["GET", "POST"])
def question(request, uuid):
    """Une consultation des référents : l'ANCT et les référents du service la lisent, avec
    toutes les réponses ; un référent y répond pour sa collectivité."""
    q = get_object_or_404(Question.objects.select_related("service__tour"), uuid=uuid)
    anct = perms.anime_la_consultation(request.user)
    a_moi = _est_referent_de(request.user, q.service)
    socle.exiger(anct or a_moi, "Cette consultation est celle des territoires référents.")
    form = ReponseForm(request.POST if request.method == "POST" else None, user=request.user)
    if a_moi:
        form.fields["collectivite"].queryset = form.fields["collectivite"].queryset.filter(
            pk__in=a_moi
        )
    if request.method == "POST":
        if not a_moi:
            raise PermissionDenied("Seuls les territoires référents répondent.")
        if form.is_valid():
            try:
                services.repondre(
                    question=q,
                    collectivite=form.cleaned_data["collectivite"],
                    texte=form.cleaned_data["texte"],
                    par=request.user,
                )
            except (ValidationError, PermissionDenied) as exc:
                erreurs_en_formulaire(form, exc)
            else:
                messages.success(request, "Votre réponse est enregistrée.")
                return redirect("consultation:question", uuid=q.uuid)
    reponses = list(Reponse.objects.filter(question=q).select_related("collectivite", "par"))
    return render(
        request,
        "consultation/services/question.html",
        {
            "question": q,
            "service": q.service,
            "reponses": reponses,
            "form": form if a_moi else None,
            "a_repondu": {r.collectivite_id for r in reponses} & a_moi,
        },
        status=422 if request.method == "POST" else 200,
    )
