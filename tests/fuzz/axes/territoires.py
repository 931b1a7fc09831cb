"""Les formulaires de l'axe 3 dans le banc de fuzz : la répartition (administrateur), la
délégation et la reprise (préfecture de région)."""

from guichets_territoriaux import forms
from tests.fuzz.formulaires import Cible


def construire(monde) -> dict:
    return {"region": monde.territoire["region"]}


def _region(m):
    return {"code": m.axes["territoires"]["region"].code}


CIBLES = [
    Cible("guichets_territoriaux:repartition", "administrateur", forms.RepartitionForm),
    Cible(
        "guichets_territoriaux:deleguer",
        "instructeur_region",
        forms.DelegationForm,
        _region,
        prefixe="delegation",
    ),
    Cible(
        "guichets_territoriaux:reprendre",
        "instructeur_region",
        forms.RepriseForm,
        _region,
        prefixe="reprise",
    ),
]
