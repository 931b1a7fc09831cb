"""L'aiguillage : le guichet territorial d'une collectivité, toujours un seul.

Le guichet de son département quand ce département en a un (délégation), sinon celui de sa
région. Un groupement qui s'étend sur plusieurs départements va au guichet de son siège :
`Collectivite.departement` est le département du siège dans le registre."""

from dataclasses import dataclass

from django.db.models import Q

from fonds.dossiers.eligibilite import eligibilite
from fonds.dossiers.models import Guichet

from .guichets import CODE_TERRITORIAL


def guichet_de(collectivite) -> Guichet | None:
    """En une requête : le guichet du département s'il existe, sinon celui de la région."""
    departement = collectivite.departement
    region_id = collectivite.region_id or (departement.region_id if departement else None)
    territoire = Q(pk__in=[])
    if departement is not None:
        territoire |= Q(departement_id=departement.pk)
    if region_id is not None:
        territoire |= Q(region_id=region_id, departement__isnull=True)
    candidats = list(
        Guichet.objects.filter(territoire, type=CODE_TERRITORIAL).select_related(
            "departement", "region", "enveloppe"
        )
    )
    # Le département d'abord (délégation), puis la région ; à territoire égal, le plus ancien.
    candidats.sort(key=lambda g: (g.departement_id is None, g.pk))
    return candidats[0] if candidats else None


@dataclass
class Aiguillage:
    guichet: Guichet | None
    au_dessus_du_plafond: bool
    raisons: list[str]
    admis: bool


def aiguiller(collectivite) -> Aiguillage:
    guichet = guichet_de(collectivite)
    if guichet is None:
        return Aiguillage(None, False, [], False)
    verdict = eligibilite(guichet, collectivite)
    plafond = guichet.population_max
    population = collectivite.population
    dessus = plafond is not None and (population is None or population > plafond)
    return Aiguillage(guichet, dessus, list(verdict.raisons), verdict.ok)
