"""Les chiffres des guichets : par guichet d'une région (vue du préfet de région) et par
région (vue nationale, export). Chaque tableau se lit en une requête, quel que soit le
nombre de dossiers."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier, Guichet
from fonds.financement.enums import STATUTS_OUVERTS, StatutSubvention
from fonds.financement.models import Subvention

from .guichets import CODE_TERRITORIAL

CENTIME = Decimal("0.01")
ETATS_RECUS = [e for e in Etat.values if e != Etat.BROUILLON]
# Ce qui reste engagé : les subventions vivantes (ni annulées ni déchues).
VIVANTES = Q(statut__in=[*STATUTS_OUVERTS, StatutSubvention.SOLDEE])


def guichets_de_region(region) -> list[Guichet]:
    """Chaque guichet territorial de la région : reçus, acceptés, engagé (y compris sur
    l'enveloppe des labs), et son enveloppe (montant, restant). Trois requêtes groupées,
    quel que soit le nombre de dossiers (une sous-requête par ligne jointe coûterait une
    seconde au volume national)."""
    guichets = list(
        Guichet.objects.filter(type=CODE_TERRITORIAL)
        .filter(Q(region=region) | Q(departement__region=region))
        .select_related("departement", "enveloppe")
        .order_by("departement__code", "nom")
    )
    ids = [g.pk for g in guichets]
    comptes = {
        ligne["guichet_id"]: ligne
        for ligne in Dossier.objects.filter(guichet_id__in=ids)
        .values("guichet_id")
        .annotate(
            recus=Count("pk", filter=Q(etat__in=ETATS_RECUS)),
            acceptes=Count("pk", filter=Q(etat=Etat.ACCEPTE)),
        )
    }
    engages = dict(
        Subvention.objects.filter(VIVANTES, dossier__guichet_id__in=ids)
        .values("dossier__guichet_id")
        .annotate(s=Sum("montant"))
        .values_list("dossier__guichet_id", "s")
    )
    plus_grand = max([g.enveloppe.montant for g in guichets if g.enveloppe] + [Decimal(1)])
    for i, g in enumerate(guichets):
        g.recus = comptes.get(g.pk, {}).get("recus", 0)
        g.acceptes = comptes.get(g.pk, {}).get("acceptes", 0)
        g.engage = Decimal(engages.get(g.pk) or 0).quantize(CENTIME)
        montant = g.enveloppe.montant if g.enveloppe else Decimal(0)
        g.restant = g.enveloppe.disponible if g.enveloppe else Decimal(0)
        # Le graphique (SVG rendu par le serveur) : 690 unités pour la plus grande enveloppe.
        g.y = 40 * i + 5
        g.barre_enveloppe = round(float(montant / plus_grand) * 690)
        part = float(min(g.engage, montant) / montant) if montant else 0.0
        g.barre_engage = round(g.barre_enveloppe * part)
    return guichets


def par_region(regionales: list) -> list[dict]:
    """Une ligne par enveloppe de région : montant, délégué, reçus, acceptés, engagé."""
    dossiers = {
        ligne["r"]: ligne
        for ligne in Dossier.objects.filter(guichet__type=CODE_TERRITORIAL)
        .annotate(r=Coalesce("guichet__region_id", "guichet__departement__region_id"))
        .values("r")
        .annotate(
            recus=Count("pk", filter=Q(etat__in=ETATS_RECUS)),
            acceptes=Count("pk", filter=Q(etat=Etat.ACCEPTE)),
        )
    }
    engages = dict(
        Subvention.objects.filter(VIVANTES, dossier__guichet__type=CODE_TERRITORIAL)
        .values("region_id")
        .annotate(s=Sum("montant"))
        .values_list("region_id", "s")
    )
    return [
        {
            "enveloppe": e,
            "region": e.region,
            "recus": dossiers.get(e.region_id, {}).get("recus", 0),
            "acceptes": dossiers.get(e.region_id, {}).get("acceptes", 0),
            "engage": Decimal(engages.get(e.region_id) or 0).quantize(CENTIME),
        }
        for e in regionales
    ]
