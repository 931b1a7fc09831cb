"""Le petit monde de l'axe 3 partagé par la matrice, les budgets et le fuzz.

Le monde de la matrice a déjà l'enveloppe de la Région Une (500 000 €) et celles des
départements X et Y (100 000 € chacune) ; la Région Deux n'a pas d'enveloppe."""

import datetime

from django.utils import timezone

from fonds.collectivites.models import Region
from fonds.dossiers.services import creer_dossier
from fonds.financement.enums import NatureEnveloppe
from fonds.financement.models import Enveloppe
from guichets_territoriaux.services import repartition
from guichets_territoriaux.services.guichets import ouvrir_guichet


def guichet_regional(t, roles):
    """Le guichet territorial de la Région Une, ouvert par sa préfecture, et un brouillon de
    la commune A."""
    regionale = repartition.enveloppe_de_region(t["region"])
    guichet = ouvrir_guichet(
        enveloppe=regionale,
        nom="Guichet territorial — Région Une",
        ouverture=timezone.localdate() - datetime.timedelta(days=1),
        depenses=["etudes", "services_en_ligne", "labs"],
        par=roles["instructeur_region"],
    )
    brouillon = creer_dossier(guichet=guichet, collectivite=t["a"], par=roles["membre_a"])
    return regionale, guichet, brouillon


def en_instruction(guichet, t, roles):
    """Un dossier de la commune A en instruction au guichet régional, ses cinq critères notés."""
    from tests.guichets_territoriaux.conftest import dossier_en_instruction

    return dossier_en_instruction(guichet, t["a"], roles["membre_a"], montant=12000)


def construire(monde) -> dict:
    t = monde.territoire
    regionale, guichet, brouillon = guichet_regional(t, monde.roles)
    return {
        "region": t["region"],
        "regionale": regionale,
        "guichet": guichet,
        "brouillon": brouillon,
        "enveloppe_dx": regionale.enfants.get(departement=t["dx"]),
        "instruit": en_instruction(guichet, t, monde.roles),
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


def etat_guichets(m=None):
    from fonds.dossiers.models import Guichet

    return sorted(Guichet.objects.values_list("pk", "slug"))


def etat_notes(m=None):
    from guichets_territoriaux.models import Note

    return sorted(Note.objects.values_list("pk", "note", "justification"))


def etat_decisions(m=None):
    from fonds.dossiers.models import Dossier
    from fonds.financement.models import Subvention

    return (
        sorted(Dossier.objects.values_list("pk", "etat")),
        sorted(Subvention.objects.values_list("pk", "montant", "reference_crte")),
    )
