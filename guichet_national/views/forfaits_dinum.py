"""Le guichet à forfait côté DINUM : toutes les demandes, filtrées et exportées, et la
consommation de l'enveloppe."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from fonds.comptes import perms
from fonds.exports import reponse_csv
from fonds.pagination import page_en_une_requete

from ..filters_forfaits import DemandeForfaitFilter
from ..models.forfaits import DemandeForfait
from ..services.forfaits_suivi import peut_suivre_les_forfaits
from .forfaits import guichet_forfait, places

PAR_PAGE = 50

ENTETES = [
    "Dépôt",
    "Collectivité",
    "SIREN",
    "Département",
    "Sorte",
    "API",
    "Démarche",
    "Service",
    "Adresse",
    "Date cible",
    "DataPass",
    "État DataPass",
    "Contact technique",
    "Statut",
    "Montant",
    "Mise en service",
    "Adresse en production",
]


def _filtre(request, guichet) -> DemandeForfaitFilter:
    perms.exiger(
        peut_suivre_les_forfaits(request.user),
        "Seule la DINUM suit les demandes du guichet à forfait.",
    )
    qs = DemandeForfait.objects.filter(guichet=guichet).pour_liste()
    return DemandeForfaitFilter(request.GET or None, queryset=qs)


@require_safe
def demandes(request, slug):
    g = guichet_forfait(slug)
    filtre = _filtre(request, g)
    page = page_en_une_requete(filtre.qs, request.GET.get("page"), PAR_PAGE)
    return render(
        request,
        "guichet_national/forfaits/demandes.html",
        {"guichet": g, "filtre": filtre, "page": page, "places": places(g)},
    )


@require_safe
def exporter(request, slug):
    g = guichet_forfait(slug)
    filtre = _filtre(request, g)
    lignes = (
        [
            d.deposee_le.date().isoformat(),
            d.collectivite.nom,
            d.collectivite.siren or "",
            d.collectivite.departement.code if d.collectivite.departement_id else "",
            d.get_sorte_display(),
            d.api.nom if d.api_id else "",
            d.demarche,
            d.service_nom,
            d.service_url,
            d.date_cible.isoformat(),
            d.reference_datapass,
            d.get_etat_datapass_display(),
            f"{d.contact_nom} <{d.contact_email}>",
            d.get_statut_display(),
            d.subvention.montant if d.subvention_id else "",
            d.mise_en_service_le.isoformat() if d.mise_en_service_le else "",
            d.adresse_en_service,
        ]
        for d in filtre.qs.iterator(chunk_size=1000)
    )
    return reponse_csv(ENTETES, lignes, nom=f"forfaits-{g.slug}.csv")
