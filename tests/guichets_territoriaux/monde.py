"""Le petit monde de l'axe 3 partagé par la matrice, les budgets et le fuzz.

Le monde de la matrice a déjà l'enveloppe de la Région Une (500 000 €) et celles des
départements X et Y (100 000 € chacune) ; la Région Deux n'a pas d'enveloppe."""

from fonds.collectivites.models import Region
from fonds.financement.enums import NatureEnveloppe
from fonds.financement.models import Enveloppe
from guichets_territoriaux.services import repartition


def construire(monde) -> dict:
    t = monde.territoire
    return {
        "region": t["region"],
        "regionale": repartition.enveloppe_de_region(t["region"]),
    }


def csv_juste() -> str:
    """La proposition au prorata : une répartition complète et juste."""
    axe3 = repartition.enveloppe_axe3()
    regionales = repartition.enveloppes_regionales(axe3)
    regions = list(Region.objects.order_by("code"))
    parts = repartition.proposer(regions, repartition.a_repartir(axe3, regionales))
    return "region;montant\n" + "".join(f"{r.code};{parts[r.pk]}\n" for r in regions)


def etat_enveloppes(m=None):
    return sorted(
        Enveloppe.objects.filter(
            nature__in=[NatureEnveloppe.REGION, NatureEnveloppe.DEPARTEMENT]
        ).values_list("pk", "montant", "montant_delegue")
    )
