"""La validation d'un modèle avant son enregistrement par un service : les mêmes règles que
`Model.full_clean()`, les mêmes messages, sans ses allers-retours superflus.

`full_clean()` interroge la base pour chaque clé étrangère (l'objet lié existe-t-il ?), pour
chaque champ unique (y compris l'`uuid` tiré à l'instant) et pour chaque contrainte de
vérification (une requête et un point de sauvegarde par contrainte) : plus de cent requêtes
pour accepter un dossier et engager sa subvention. Ici :

- une clé étrangère dont l'objet lié est déjà chargé (lu ou enregistré par le service) n'est
  pas relue : la base, qui tient la clé étrangère, refuserait de toute façon un objet disparu ;
- l'`uuid` tiré par `uuid4` (jamais saisi) n'est pas cherché en base : la base tient son
  unicité ;
- les contraintes de vérification (`CheckConstraint`) d'un objet se vérifient ensemble, en une
  requête, avec leurs messages ; les contraintes d'unicité comme le fait Django.
"""

import logging
import uuid
from contextlib import nullcontext

from django.core.exceptions import NON_FIELD_ERRORS, FieldError, ValidationError
from django.db import DatabaseError, connections, router, transaction
from django.db.models import BooleanField, CheckConstraint, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE

logger = logging.getLogger(__name__)


def valider(objet, *, exclude=None) -> None:
    """`objet.full_clean(exclude=exclude)`, en peu de requêtes (voir le module)."""
    exclure = set(exclude or ())
    erreurs: dict = {}
    try:
        objet.clean_fields(exclude=exclure | _liens_deja_charges(objet))
    except ValidationError as exc:
        erreurs = exc.update_error_dict(erreurs)
    try:
        objet.clean()
    except ValidationError as exc:
        erreurs = exc.update_error_dict(erreurs)
    # Comme Django : un champ déjà en erreur n'entre pas dans les vérifications suivantes.
    exclure |= {nom for nom in erreurs if nom != NON_FIELD_ERRORS}
    try:
        objet.validate_unique(exclude=exclure | _uuid_tires(objet))
    except ValidationError as exc:
        erreurs = exc.update_error_dict(erreurs)
    try:
        _valider_contraintes(objet, exclure)
    except ValidationError as exc:
        erreurs = exc.update_error_dict(erreurs)
    if erreurs:
        raise ValidationError(erreurs)


def _liens_deja_charges(objet) -> set[str]:
    noms = set()
    for champ in objet._meta.concrete_fields:
        if champ.many_to_one or champ.one_to_one:
            lie = champ.get_cached_value(objet, default=None) if champ.is_cached(objet) else None
            charge = lie is not None and not lie._state.adding and lie.pk is not None
            if charge and getattr(objet, champ.attname) == lie.pk:
                noms.add(champ.name)
    return noms


def _uuid_tires(objet) -> set[str]:
    return {
        champ.name
        for champ in objet._meta.concrete_fields
        if champ.unique and champ.default is uuid.uuid4
    }


def _valider_contraintes(objet, exclure: set[str]) -> None:
    """`validate_constraints`, les contraintes de vérification réunies en une requête."""
    using = router.db_for_write(type(objet), instance=objet)
    erreurs: dict = {}
    for modele, contraintes in objet.get_constraints():
        conditions = [c for c in contraintes if isinstance(c, CheckConstraint)]
        if conditions and connections[using].features.supports_comparing_boolean_expr:
            for contrainte in _conditions_violees(objet, modele, conditions, exclure, using):
                erreurs = ValidationError(
                    contrainte.get_violation_error_message(),
                    code=contrainte.violation_error_code,
                ).update_error_dict(erreurs)
        else:
            conditions = []
        deja = {id(c) for c in conditions}
        for contrainte in contraintes:
            if id(contrainte) in deja:
                continue
            try:
                contrainte.validate(modele, objet, exclude=exclure, using=using)
            except ValidationError as exc:
                if getattr(exc, "code", None) == "unique" and len(contrainte.fields) == 1:
                    erreurs.setdefault(contrainte.fields[0], []).append(exc)
                else:
                    erreurs = exc.update_error_dict(erreurs)
    if erreurs:
        raise ValidationError(erreurs)


def _conditions_violees(objet, modele, conditions, exclure, using) -> list[CheckConstraint]:
    """Une requête `SELECT <condition 1>, <condition 2>…` sur les valeurs de l'objet (comme
    `Q.check`, qui en fait une par contrainte). Une condition qui porte sur un champ exclu
    n'est pas vérifiée, comme chez Django ; une valeur NULL la satisfait, comme en base."""
    requete = Query(None)
    utiles = set().union(*(Q(c.condition).referenced_base_fields for c in conditions))
    # Seules les valeurs que les conditions lisent : résoudre les autres coûte sans servir.
    exclure = exclure | {c.name for c in modele._meta.local_concrete_fields} - utiles
    for nom, valeur in objet._get_field_expression_map(meta=modele._meta, exclude=exclure).items():
        if not hasattr(valeur, "resolve_expression"):
            valeur = Value(valeur)
        requete.add_annotation(valeur, nom, select=False)
    retenues = []
    for i, contrainte in enumerate(conditions):
        expression = Coalesce(Q(contrainte.condition), True, output_field=BooleanField())
        try:
            requete.add_annotation(expression, f"_condition_{i}")
        except FieldError:
            continue
        retenues.append(contrainte)
    if not retenues:
        return []
    connexion = connections[using]
    try:
        with transaction.atomic(using=using) if connexion.in_atomic_block else nullcontext():
            ligne = requete.get_compiler(using=using).execute_sql(SINGLE)
    except DatabaseError as exc:  # comme `Q.check` : la base tranchera à l'enregistrement
        logger.warning("Contraintes de %s non vérifiées avant l'enregistrement : %s", modele, exc)
        return []
    return [c for c, tenue in zip(retenues, ligne, strict=True) if not tenue]
