"""Le verrou de ligne de toute écriture : une règle de l'argent ou du dossier se vérifie sur
la ligne verrouillée, relue entière, jamais sur l'objet que l'appelant a lu plus tôt."""

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def verrouiller(objet: M, *liees: str) -> M:
    """Pose le verrou de ligne sur `objet` (sa ligne seule : ni le guichet ni la collectivité
    qu'une jointure verrouillerait aussi) et relit toute la ligne dans l'objet de l'appelant,
    qui voit l'état que la base garde jusqu'à la fin de la transaction. À appeler dans une
    transaction (`@transaction.atomic`). `liees` : les objets liés à relire avec elle, dans la
    même requête, sans les verrouiller."""
    requete = type(objet)._base_manager.select_for_update(of=("self",)).select_related(*liees)
    objet.refresh_from_db(from_queryset=requete)
    return objet


def verrouiller_tous(*objets: M) -> dict[int, M]:
    """Verrouille et relit plusieurs lignes d'un même modèle, toujours dans l'ordre des clés
    primaires (deux transactions ne s'attendent jamais l'une l'autre en croix). Rend les
    objets de l'appelant, relus, par clé primaire."""
    par_cle: dict[int, M] = {}
    for objet in sorted(objets, key=lambda o: o.pk):
        if objet.pk in par_cle:
            autre = par_cle[objet.pk]
            for champ in type(objet)._meta.concrete_fields:
                setattr(objet, champ.attname, getattr(autre, champ.attname))
            continue
        par_cle[objet.pk] = verrouiller(objet)
    return par_cle
