"""La vue régionale du préfet de région et l'export national de l'administrateur."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from fonds.comptes import perms

from ..services import repartition, suivi
from .region import regionale_geree


@require_safe
def vue_regionale(request, code):
    region, regionale = regionale_geree(request, code)
    guichets = suivi.guichets_de_region(region)
    return render(
        request,
        "guichets_territoriaux/vue_regionale.html",
        {
            "region": region,
            "regionale": regionale,
            "guichets": guichets,
            "hauteur": 40 * len(guichets) + 10,
        },
    )


def lignes_nationales():
    axe3 = repartition.enveloppe_axe3()
    regionales = sorted(
        repartition.enveloppes_regionales(axe3).values(), key=lambda e: e.region.code
    )
    return axe3, suivi.par_region(regionales)


@require_safe
def export_national(request):
    if not perms.est_administrateur(request.user):
        raise PermissionDenied("L'export national de l'axe 3 est réservé aux administrateurs.")
    _, lignes = lignes_nationales()
    reponse = HttpResponse(content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="axe3-regions.csv"'
    reponse.write("\ufeff")
    ecrivain = csv.writer(reponse, delimiter=";")
    ecrivain.writerow(
        [
            "Code région",
            "Région",
            "Enveloppe",
            "Déléguée aux départements",
            "Dossiers reçus",
            "Dossiers acceptés",
            "Engagé",
            "Restant",
        ]
    )
    for ligne in lignes:
        e = ligne["enveloppe"]
        ecrivain.writerow(
            [
                e.region.code,
                e.region.nom,
                e.montant,
                e.montant_delegue,
                ligne["recus"],
                ligne["acceptes"],
                ligne["engage"],
                e.montant - ligne["engage"],
            ]
        )
    return reponse
