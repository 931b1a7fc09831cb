"""Les actions qui modifient le registre : groupements et leurs membres.

Le chargement des données publiques (régions, départements, communes, EPCI) est dans
`registre/chargement.py`.
"""

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fonds import pages_en_cache
from fonds.comptes.perms import peut_gerer_groupements
from fonds.validation import valider
from fonds.verrous import verrouiller

from .enums import NATURES_A_MEMBRES, NATURES_GROUPEMENT, Nature
from .models import Collectivite
from .recherche import normaliser

_SIREN = re.compile(r"^[0-9]{9}$")


def population_des_membres(membres: Iterable[Collectivite]) -> int:
    """Somme des populations des membres ; une commune membre directe d'un groupement et
    membre d'un EPCI (ou groupement) lui-même membre n'est comptée qu'une fois."""
    membres = list(membres)
    a_membres = [m.pk for m in membres if m.nature in NATURES_A_MEMBRES]
    deja_comptees = (
        set(
            Collectivite.membres.through.objects.filter(
                from_collectivite_id__in=a_membres
            ).values_list("to_collectivite_id", flat=True)
        )
        if a_membres
        else set()
    )
    return sum(
        m.population or 0
        for m in membres
        if not (m.nature == Nature.COMMUNE and m.pk in deja_comptees)
    )


def _verifier_membres(groupement: Collectivite | None, membres: list[Collectivite]) -> None:
    if not membres:
        raise ValidationError(
            {"membres": "Un groupement doit compter au moins une collectivité membre."}
        )
    if groupement is not None and any(m.pk == groupement.pk for m in membres):
        raise ValidationError({"membres": "Un groupement ne peut pas être membre de lui-même."})
    inactifs = [str(m) for m in membres if not m.actif]
    if inactifs:
        raise ValidationError(
            {"membres": f"Ces collectivités n'existent plus : {', '.join(inactifs)}."}
        )


def verifier_groupement(*, nature: str, siren: str, membres: list[Collectivite]) -> None:
    """Les règles d'un nouveau groupement (aussi appelées par le formulaire d'administration,
    pour afficher les erreurs sur les champs)."""
    erreurs = {}
    if nature not in NATURES_GROUPEMENT:
        libelle = Nature(nature).label if nature in Nature.values else nature
        erreurs["nature"] = (
            f"« {libelle} » n'est pas une nature de groupement : les autres collectivités "
            "viennent du registre officiel."
        )
    if not _SIREN.match(siren or ""):
        erreurs["siren"] = "Le SIREN doit comporter exactement 9 chiffres."
    else:
        existant = Collectivite.objects.filter(siren=siren).first()
        if existant:
            erreurs["siren"] = f"Le SIREN {siren} est déjà celui de « {existant} »."
    try:
        _verifier_membres(None, membres)
    except ValidationError as erreur:
        erreurs.update(erreur.message_dict)
    if erreurs:
        raise ValidationError(erreurs)


def _verifier_droit(par) -> None:
    if not peut_gerer_groupements(par):
        raise PermissionDenied("Vous n'avez pas le droit de gérer les groupements.")


@transaction.atomic
def creer_groupement(
    *, nature: str, nom: str, siren: str, membres: Iterable[Collectivite], par
) -> Collectivite:
    """Crée un groupement (syndicat mixte, GIP, SPL, SCIC, association…) avec ses membres ;
    sa population est la somme de celles des membres."""
    _verifier_droit(par)
    siren = (siren or "").replace(" ", "")
    membres = list(membres)
    verifier_groupement(nature=nature, siren=siren, membres=membres)
    groupement = Collectivite(
        nature=nature,
        nom=nom.strip(),
        nom_recherche=normaliser(nom),
        siren=siren,
        population=population_des_membres(membres),
    )
    _rattacher(groupement, membres)
    valider(groupement)
    groupement.save()
    groupement.membres.set(membres)
    transaction.on_commit(_registre_modifie)
    return groupement


@transaction.atomic
def modifier_membres(
    *, groupement: Collectivite, membres: Iterable[Collectivite], par
) -> Collectivite:
    """Remplace les membres d'un groupement et recalcule sa population."""
    _verifier_droit(par)
    groupement = verrouiller(groupement)
    if not groupement.est_groupement:
        raise ValidationError(
            "Seuls les groupements créés dans le portail ont des membres modifiables ; "
            "les EPCI viennent du registre officiel."
        )
    membres = list(membres)
    _verifier_membres(groupement, membres)
    groupement.membres.set(membres)
    groupement.population = population_des_membres(membres)
    _rattacher(groupement, membres)
    groupement.save(update_fields=["population", "departement", "region"])
    transaction.on_commit(_registre_modifie)
    return groupement


def _registre_modifie() -> None:
    """L'orientation lit le registre (populations, départements couverts) : elle est rendue à
    nouveau."""
    pages_en_cache.renouveler("registre")


def _rattacher(groupement: Collectivite, membres: list[Collectivite]) -> None:
    """Département et région de rattachement : ceux du membre le plus peuplé."""
    plus_peuple = max(membres, key=lambda m: m.population or 0)
    groupement.departement_id = plus_peuple.departement_id
    groupement.region_id = plus_peuple.region_id
