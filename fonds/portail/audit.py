"""Le journal d'audit : toute l'histoire (django-simple-history) des objets du fonds.

Chaque modèle doté d'un `HistoricalRecords()` y entre de lui-même (décisions, transitions,
mouvements d'argent, adhésions, habilitations…) : le journal parcourt le registre de
simple-history, fusionne les histoires par date et les envoie en CSV ligne à ligne.
"""

import datetime
import heapq
from collections.abc import Iterator

from django.utils import timezone
from simple_history.models import registered_models

from fonds import exports

TYPES = {"+": "création", "~": "modification", "-": "suppression"}
COLONNES = ["Date", "Auteur", "Objet", "Identifiant", "Libellé", "Action", "Motif"]


def modeles_historises() -> list:
    """Les modèles du portail qui ont une histoire, dans un ordre stable."""
    return sorted(
        (m for m in registered_models.values() if m._meta.app_label != "dsfr"),
        key=lambda m: m._meta.label,
    )


def _histoire(modele, debut, fin) -> Iterator[tuple]:
    historique = modele.history.model.objects.select_related("history_user")
    if debut:
        historique = historique.filter(history_date__gte=debut)
    if fin:
        historique = historique.filter(history_date__lt=fin)
    nom = str(modele._meta.verbose_name)
    for ligne in historique.order_by("history_date", "history_id").iterator(chunk_size=2000):
        auteur = ligne.history_user.email if ligne.history_user else "système"
        yield (
            ligne.history_date,
            auteur,
            nom,
            getattr(ligne, "uuid", None) or ligne.id,
            str(ligne.instance)[:200],
            TYPES.get(ligne.history_type, ligne.history_type),
            ligne.history_change_reason or "",
        )


def journal(*, debut: datetime.date | None = None, fin: datetime.date | None = None):
    """Toutes les entrées d'histoire entre `debut` et `fin` (inclus), par date croissante."""
    tz = timezone.get_current_timezone()
    debut_dt = datetime.datetime.combine(debut, datetime.time.min, tz) if debut else None
    fin_dt = (
        datetime.datetime.combine(fin + datetime.timedelta(days=1), datetime.time.min, tz)
        if fin
        else None
    )
    return heapq.merge(
        *(_histoire(m, debut_dt, fin_dt) for m in modeles_historises()), key=lambda e: e[0]
    )


def reponse_csv(entrees, *, nom: str):
    lignes = ([f"{timezone.localtime(date):%d/%m/%Y %H:%M:%S}", *reste] for date, *reste in entrees)
    return exports.reponse_csv(COLONNES, lignes, nom=nom)
