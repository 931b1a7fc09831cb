"""Les guichets territoriaux : ouverts par la préfecture elle-même sur l'enveloppe de son
territoire (une région, ou un département délégué)."""

from django.db.models import Q

from fonds.dossiers.models import Guichet

CODE_TERRITORIAL = "territorial"


def guichets_de_region(region) -> list[Guichet]:
    """Les guichets territoriaux de la région et de ses départements, en une requête."""
    return list(
        Guichet.objects.filter(type=CODE_TERRITORIAL)
        .filter(Q(region=region) | Q(departement__region=region))
        .select_related("departement", "region", "enveloppe")
        .order_by("departement__code", "nom")
    )
