"""Pages publiques de l'argent : le tableau de bord et ses données ouvertes (chiffres agrégés,
et chaque subvention au schéma national SCDL)."""

import csv

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from fonds.pages_en_cache import page_publique

from .. import cache as cache_
from .. import donnees_scdl
from .. import tableau_de_bord as tableau_de_bord_


@require_safe
@page_publique(lambda request: cache_.version())
def tableau_de_bord(request):
    """Public : chiffres et fragment de page en cache, renouvelés à chaque écriture de l'argent
    (`cache.invalider_chiffres`)."""
    donnees = cache_.chiffres()
    return render(
        request,
        "financement/tableau_de_bord.html",
        {
            **donnees,
            "barres": tableau_de_bord_.barres(donnees["axes"]),
            "hauteur_graphique": 90 * len(donnees["axes"]),
            "version_chiffres": cache_.version(),
        },
    )


@require_safe
@login_not_required
def donnees_ouvertes(request, format):
    """Public : le fichier entier est gardé en cache pour la version courante des chiffres."""
    cle = f"financement:donnees-ouvertes:{format}:{cache_.version()}"
    contenu = cache.get(cle)
    if contenu is None:
        contenu = _donnees_ouvertes(format)
        cache.set(cle, contenu, timeout=cache_.DUREE)
    if format == "json":
        return HttpResponse(contenu, content_type="application/json")
    response = HttpResponse(contenu, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fonds-numerique-consommation.csv"'
    return response


@require_safe
@login_not_required
def subventions_scdl(request, format):
    """Public : chaque subvention, ligne à ligne, au schéma national des subventions (SCDL),
    envoyée en flux en une requête quel que soit le volume (`donnees_scdl.py`)."""
    if format == "json":
        return donnees_scdl.reponse_json()
    return donnees_scdl.reponse_csv()


def _donnees_ouvertes(format) -> bytes:
    donnees = cache_.chiffres()
    lignes = [ligne for groupe in donnees.values() for ligne in groupe]
    if format == "json":
        return JsonResponse(
            {
                "titre": "Consommation du fonds « Transformation numérique des territoires »",
                "unite": "EUR",
                "genere_le": timezone.now().isoformat(),
                "licence": "Licence Ouverte / Open Licence version 2.0",
                "lignes": [ligne.en_dict() for ligne in lignes],
            },
            json_dumps_params={"ensure_ascii": False},
        ).content
    response = HttpResponse()
    writer = csv.writer(response)
    writer.writerow(["niveau", "code", "libelle", "dotation", "engage", "verse", "disponible"])
    for ligne in lignes:
        d = ligne.en_dict()
        writer.writerow(
            [
                d["niveau"],
                d["code"],
                d["libelle"],
                d["dotation"] or "",
                d["engage"],
                d["verse"],
                d["disponible"] or "",
            ]
        )
    return response.content
