"""Le groupement ad hoc avant le dépôt : la personne choisit son chef de file et les autres
membres, voit la somme des populations et le verdict du registre, puis forme le groupement
pour déposer en son nom. Un groupement inéligible n'est pas formé (422, saisie gardée)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms

from ..forms_groupement import GroupementForm
from ..services import groupements as services
from .appels import appel_de


@require_http_methods(["GET", "POST"])
def groupement(request, slug):
    a = appel_de(slug)
    guichet = a.guichet
    collectivites = (
        Collectivite.objects.filter(pk__in=perms.droits(request.user).collectivites)
        .select_related("departement", "region")
        .order_by("nom")
    )
    form = GroupementForm(
        request.POST if request.method == "POST" else None, collectivites=collectivites
    )
    les_miennes = list(collectivites)  # une requête ; le menu du formulaire relit la sienne
    simulation = None
    statut = 200
    if request.method == "POST":
        statut = 422
        if not guichet.est_ouvert():
            form.is_valid()
            form.add_error(None, "Cet appel n'accepte pas de dépôt en ce moment.")
        elif form.is_valid():
            donnees = form.cleaned_data
            try:
                simulation = services.simuler(
                    guichet,
                    chef_de_file=donnees["chef_de_file"],
                    autres=donnees["membres"],
                    nom=donnees["nom"],
                )
                if request.POST.get("action") == "former":
                    services.former(
                        guichet,
                        chef_de_file=donnees["chef_de_file"],
                        autres=donnees["membres"],
                        nom=donnees["nom"],
                        par=request.user,
                    )
                    messages.success(
                        request,
                        f"{simulation.groupement.nom} est formé : déposez le projet en son nom.",
                    )
                    return redirect("guichet_national:appel_deposer", slug=slug)
                statut = 200 if simulation.verdict.ok else 422
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    exc = ValidationError(str(exc))
                form.ajouter_erreurs(exc)
    return render(
        request,
        "guichet_national/appels/groupement.html",
        {
            "appel": a,
            "guichet": guichet,
            "form": form,
            "simulation": simulation,
            "collectivites": les_miennes,
            "ouvert": guichet.est_ouvert(),
        },
        status=statut,
    )
