from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from fonds import pages_en_cache
from fonds.comptes import perms
from fonds.dossiers.models import Guichet

from . import audit, espace
from .forms import JournalAuditForm, OrientationForm
from .orientation import orienter


@require_safe
@pages_en_cache.page_publique(lambda request: "statique")
def accueil(request):
    return render(request, "portail/accueil.html", {"form_orientation": OrientationForm()})


def _etat_de_l_orientation(request) -> str:
    """L'orientation lit le registre et les guichets ouverts (leurs règles, leurs dates)."""
    return f"{pages_en_cache.version('registre')}:{Guichet.objects.etat_public()}"


@require_safe
@pages_en_cache.page_publique(_etat_de_l_orientation)
def orientation(request):
    """« Je suis une collectivité… » : les guichets ouverts qui conviennent, et pourquoi.

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
    """Ce que la personne a à faire avec le fonds : les sections que déclarent le socle et les
    axes (`fonds/portail/espace.py`), chacune selon la personne (un agent voit ses guichets et
    sa file, un membre les dossiers et subventions de sa collectivité).

    Une personne peut agir pour plusieurs collectivités : `?collectivite=<uuid>` choisit
    laquelle est affichée (par défaut, la première par ordre alphabétique)."""
    e, sections = espace.rendre(request)
    return render(
        request,
        "portail/mon_espace.html",
        {"collectivite": e.collectivite, "sections": sections},
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
