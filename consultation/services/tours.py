"""Ouvrir un tour et tenir son calendrier (clôture anticipée, prolongation, avec motif)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fonds.comptes import perms as socle
from fonds.financement import services as argent
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.financement.models import Enveloppe
from fonds.validation import valider
from fonds.verrous import verrouiller

from .. import perms
from ..enums import DEBUTS, Phase
from ..models import Tour


@transaction.atomic
def ouvrir_tour(*, nom, slug, dates: dict, par, montant=None, description="", **regles) -> Tour:
    """Un tour nouveau ; avec `montant`, son enveloppe fille de l'axe 1 est prise sur ce qui
    reste de l'enveloppe de l'axe (un second tour vit de ce que le premier a laissé)."""
    socle.exiger(anime_ou_admin(par), "Seule l'ANCT ouvre un tour de la consultation.")
    tour = Tour(nom=nom, slug=slug, description=description, **dates, **regles)
    valider(tour)
    if montant is not None:
        tour.enveloppe = argent.creer_enveloppe(
            parent=Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_1),
            nom=f"Axe 1 — {nom}",
            nature=NatureEnveloppe.APPEL,
            montant=montant,
            motif=f"Enveloppe du tour « {nom} » de la consultation",
            par=par,
        )
    tour._history_user = par
    tour._change_reason = "Ouverture du tour"
    tour.save()
    return tour


def anime_ou_admin(user) -> bool:
    return perms.anime_la_consultation(user)


CHAMPS_DATES = dict(DEBUTS)


@transaction.atomic
def decaler_phase(*, tour: Tour, champ: str, date, motif: str, par) -> Tour:
    """Déplace le début d'une phase (donc la fin de la précédente) : clore plus tôt ou
    prolonger. Le motif rejoint l'historique du tour."""
    socle.exiger(anime_ou_admin(par), "Seule l'ANCT tient le calendrier de la consultation.")
    if champ not in CHAMPS_DATES.values():
        raise ValidationError({"champ": "Choisissez une date du calendrier."})
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": "Dites pourquoi le calendrier change (motif public)."})
    verrouiller(tour)
    ancienne = getattr(tour, champ)
    # La date demandée d'abord (une phase qui finirait avant de commencer est refusée) ; puis,
    # le passé ne se réécrivant pas, une date déjà passée prend effet maintenant, sous le verrou
    # du tour : un vote en cours a fini, le suivant voit la phase nouvelle.
    for valeur in (date, max(date, timezone.now())):
        setattr(tour, champ, valeur)
        try:
            valider(tour)
        except ValidationError as exc:
            setattr(tour, champ, ancienne)
            erreurs = exc.message_dict
            messages = [m for liste in erreurs.values() for m in liste]
            raise ValidationError({"date": messages}) from exc
    date = getattr(tour, champ)
    libelle = next(Phase(p).label for p, c in DEBUTS if c == champ)
    avant, apres = timezone.localtime(ancienne), timezone.localtime(date)
    tour._history_user = par
    tour._change_reason = (
        f"« {libelle} » : {avant:%d/%m/%Y %H:%M} → {apres:%d/%m/%Y %H:%M}. {motif}"
    )
    tour.save()
    return tour
