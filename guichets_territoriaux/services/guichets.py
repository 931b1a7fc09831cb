"""Les guichets territoriaux : ouverts par la préfecture elle-même sur l'enveloppe de son
territoire (une région, ou un département délégué)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from fonds.comptes import perms
from fonds.comptes.enums import Role
from fonds.dossiers.models import Guichet
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.validation import valider

from ..depenses import LIBELLES

CODE_TERRITORIAL = "territorial"
NATURES_TERRITORIALES = (NatureEnveloppe.REGION, NatureEnveloppe.DEPARTEMENT)


def _debut(jour: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min))


def _slug(enveloppe) -> str:
    territoire = enveloppe.departement or enveloppe.region
    base = f"axe3-{slugify(territoire.code)}-{slugify(territoire.nom)}"[:70]
    slug, n = base, 1
    while Guichet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def ouvrir_guichet(
    *,
    enveloppe,
    nom: str,
    ouverture: datetime.date,
    depenses: list[str],
    par,
    cloture: datetime.date | None = None,
    population_max: int | None = None,
    description: str = "",
) -> Guichet:
    """La préfecture ouvre le guichet de son territoire (sa région, ou son département
    délégué), sur l'enveloppe de ce territoire : un seul guichet territorial par territoire."""
    perms.exiger(
        perms.peut_gerer_enveloppe(par, enveloppe),
        f"Seule la préfecture de ce territoire ouvre un guichet sur « {enveloppe} ».",
    )
    if enveloppe.axe != Axe.AXE_3 or enveloppe.nature not in NATURES_TERRITORIALES:
        raise ValidationError(
            "Un guichet territorial s'ouvre sur l'enveloppe d'une région ou d'un département."
        )
    territoire = (
        Q(departement=enveloppe.departement)
        if enveloppe.departement_id
        else Q(region=enveloppe.region, departement__isnull=True)
    )
    if Guichet.objects.filter(territoire, type=CODE_TERRITORIAL).exists():
        raise ValidationError(
            "Ce territoire a déjà son guichet territorial : modifiez-le plutôt que d'en ouvrir un "
            "second."
        )
    inconnues = sorted(set(depenses) - set(LIBELLES))
    if inconnues or not depenses:
        raise ValidationError({"depenses": "Choisissez au moins une sorte de dépense éligible."})
    if cloture is not None and cloture <= ouverture:
        raise ValidationError({"cloture": "La clôture doit suivre l'ouverture."})
    guichet = Guichet(
        nom=nom.strip(),
        slug=_slug(enveloppe),
        axe=Axe.AXE_3,
        description=description,
        ouverture=_debut(ouverture),
        cloture=_debut(cloture) if cloture else None,
        enveloppe=enveloppe,
        population_max=population_max,
        categories=[[code, LIBELLES[code]] for code, _ in LIBELLES.items() if code in depenses],
        region=None if enveloppe.departement_id else enveloppe.region,
        departement=enveloppe.departement,
        role_instructeur=Role.INSTRUCTEUR,
        type=CODE_TERRITORIAL,
    )
    guichet._history_user = par
    guichet._change_reason = "Ouverture par la préfecture"
    valider(guichet)
    guichet.save()
    return guichet


def guichets_de_region(region) -> list[Guichet]:
    """Les guichets territoriaux de la région et de ses départements, en une requête."""
    return list(
        Guichet.objects.filter(type=CODE_TERRITORIAL)
        .filter(Q(region=region) | Q(departement__region=region))
        .select_related("departement", "region", "enveloppe")
        .order_by("departement__code", "nom")
    )
