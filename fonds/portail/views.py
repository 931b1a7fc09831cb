from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from fonds import pages_en_cache
from fonds.comptes import perms
from fonds.comptes.enums import StatutAdhesion
from fonds.comptes.models import Adhesion
from fonds.dossiers.enums import Axe
from fonds.dossiers.models import Dossier, Guichet
from fonds.notifications.models import Notification

from . import audit
from .forms import JournalAuditForm, OrientationForm
from .orientation import orienter


@require_safe
@pages_en_cache.page_publique(lambda request: "statique")
def accueil(request):
    return render(request, "portail/accueil.html", {"form_orientation": OrientationForm()})


@require_safe
@pages_en_cache.page_publique(lambda request: pages_en_cache.version("registre"))
def orientation(request):
    """« Je suis une collectivité… » : l'axe et le guichet qui conviennent, et pourquoi.

    Un formulaire en GET : le résultat a une adresse qu'on peut partager, et rien n'est
    enregistré."""
    form = OrientationForm(request.GET or None)
    resultat = None
    if form.is_bound and form.is_valid():
        resultat = orienter(
            collectivite=form.cleaned_data["collectivite"],
            type_projet=form.cleaned_data["type_projet"],
        )
    return render(
        request,
        "portail/orientation.html",
        {
            "form": form,
            "resultat": resultat,
            "collectivite": form.cleaned_data.get("collectivite") if resultat else None,
        },
    )


@require_safe
def mon_espace(request):
    """La relation d'une collectivité avec le fonds, une section par axe.

    Une personne peut agir pour plusieurs collectivités : `?collectivite=<uuid>` choisit
    laquelle est affichée (par défaut, la première par ordre alphabétique).
    """
    adhesions = list(
        Adhesion.objects.filter(
            user=request.user, statut__in=[StatutAdhesion.VALIDEE, StatutAdhesion.EN_ATTENTE]
        )
        .avec_details()
        .order_by("collectivite__nom")
    )
    validees = [a for a in adhesions if a.statut == StatutAdhesion.VALIDEE]
    choisie = request.GET.get("collectivite")
    courante = next((a for a in validees if str(a.collectivite.uuid) == choisie), None)
    if courante is None and validees:
        courante = validees[0]
    notifications = list(Notification.objects.pour(request.user).non_lues()[:5])
    dossiers_par_axe = {axe: [] for axe in Axe.values}
    if courante is not None:
        for dossier in Dossier.objects.pour_mon_espace(courante.collectivite):
            dossiers_par_axe[dossier.guichet.axe].append(dossier)
    est_agent = perms.est_agent(request.user)
    return render(
        request,
        "portail/mon_espace.html",
        {
            "adhesions_validees": validees,
            "adhesions_en_attente": [a for a in adhesions if a.statut != StatutAdhesion.VALIDEE],
            "collectivite": courante.collectivite if courante else None,
            "notifications": notifications,
            "est_agent": est_agent,
            "dossiers_par_axe": dossiers_par_axe,
            "guichets_instruits": list(Guichet.objects.instruits_par(request.user))
            if est_agent
            else [],
        },
    )


@login_not_required
@require_safe
def accessibilite(request):
    return render(request, "portail/accessibilite.html")


@login_not_required
@require_safe
def mentions_legales(request):
    return render(request, "portail/mentions_legales.html")


@login_not_required
@require_safe
def donnees_personnelles(request):
    return render(request, "portail/donnees_personnelles.html")


@login_not_required
@never_cache
@require_safe
def sante(request):
    """Sonde de santé pour l'orchestrateur : la base répond."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"statut": "ok"})


@login_not_required
@require_safe
def plan_du_site(request):
    return render(request, "portail/plan_du_site.html")


@require_safe
def journal_audit(request):
    """Le journal d'audit, réservé aux administrateurs : la page, et le CSV avec ?format=csv."""
    perms.exiger(
        perms.est_administrateur(request.user),
        "Le journal d'audit est réservé aux administrateurs.",
    )
    form = JournalAuditForm(request.GET or None)
    if form.is_bound and form.is_valid() and request.GET.get("format") == "csv":
        debut, fin = form.cleaned_data["du"], form.cleaned_data["au"]
        nom = f"journal-audit-{debut or 'origine'}-{fin or timezone.localdate()}.csv"
        return audit.reponse_csv(audit.journal(debut=debut, fin=fin), nom=nom)
    return render(
        request,
        "portail/journal_audit.html",
        {"form": form, "modeles": [m._meta.verbose_name for m in audit.modeles_historises()]},
    )
