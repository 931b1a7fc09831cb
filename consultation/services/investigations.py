"""Un dossier accepté du programme national d'investigations sème une proposition (un besoin)
au tour de la consultation en recueil : titre, problème, qui le subit et politique prioritaire
repris du dossier, une fois par dossier et par tour, au nom de la collectivité du dossier."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fonds.comptes.enums import ROLE_DE_L_AXE
from fonds.comptes.perms import droits
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Guichet
from fonds.enums import Axe
from fonds.financement import services as argent
from fonds.financement.enums import NatureEnveloppe
from fonds.financement.models import Enveloppe
from fonds.validation import valider
from fonds.verrous import verrouiller

from ..enums import Sorte
from ..investigations import CODE, SORTE
from ..models import Etiquette, Proposition, Tour
from ..models.propositions import ETIQUETTES
from . import propositions


@transaction.atomic
def ouvrir_programme(*, nom: str, slug: str, montant, ouverture, cloture, par) -> Guichet:
    """Un guichet du programme : son enveloppe (fille de celle de l'axe 1, sous le verrou du
    socle) et le guichet de la sorte « investigations », instruit par l'ANCT."""
    enveloppe = argent.creer_enveloppe(
        parent=Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_1),
        nom=nom,
        nature=NatureEnveloppe.GUICHET,
        montant=montant,
        motif="Programme national d'investigations",
        par=par,
    )
    guichet = Guichet(
        nom=nom,
        slug=slug,
        axe=Axe.AXE_1,
        type=CODE,
        description=SORTE.description,
        ouverture=ouverture,
        cloture=cloture,
        enveloppe=enveloppe,
        role_instructeur=ROLE_DE_L_AXE[Axe.AXE_1],
        pieces_requises=["engagement"],
    )
    valider(guichet)
    guichet.save()
    return guichet


def tour_en_recueil(maintenant=None) -> Tour | None:
    maintenant = maintenant or timezone.now()
    return (
        Tour.objects.filter(recueil_debut__lte=maintenant, vote_debut__gt=maintenant)
        .order_by("vote_debut")
        .first()
    )


def _exiger_semable(dossier, par) -> None:
    if dossier.guichet.type != CODE:
        raise ValidationError("Seuls les dossiers du programme national d'investigations sèment.")
    if dossier.etat != Etat.ACCEPTE:
        raise ValidationError("Seul un dossier accepté sème une proposition.")
    if dossier.collectivite_id not in droits(par).collectivites:
        raise PermissionDenied(
            f"Seuls les membres vérifiés de {dossier.collectivite.nom} proposent en son nom."
        )


def _etiquette(code: str) -> list[Etiquette]:
    """L'étiquette de la politique prioritaire du dossier (le référentiel de départ la pose ;
    un administrateur a pu la retirer : elle est remise)."""
    nom = dict(ETIQUETTES).get(code)
    if nom is None:
        return []
    return [Etiquette.objects.get_or_create(code=code, defaults={"nom": nom})[0]]


@transaction.atomic
def semer(*, dossier, par) -> Proposition:
    """La proposition née du dossier, au tour en recueil. Aucun tour en recueil, un dossier non
    accepté, une seconde fois au même tour : un message, rien d'écrit."""
    _exiger_semable(dossier, par)
    verrouiller(dossier)
    tour = tour_en_recueil()
    if tour is None:
        raise ValidationError("Aucun tour de la consultation ne recueille de propositions.")
    deja = Proposition.objects.filter(investigation=dossier, tour=tour).first()
    if deja is not None:
        raise ValidationError(f"Ce dossier a déjà semé « {deja.titre} » dans ce tour.")
    d = dossier.donnees
    proposition = propositions.proposer(
        tour=tour,
        par=par,
        sorte=Sorte.BESOIN,
        titre=dossier.titre,
        collectivite=dossier.collectivite,
        etiquettes=_etiquette(d.get("politique", "")),
        probleme=d.get("probleme", ""),
        concernes=d.get("usagers", ""),
        existant="Investigué avec le programme national d'investigations : "
        + d.get("demarche", ""),
    )
    try:
        with transaction.atomic():
            Proposition.objects.filter(pk=proposition.pk).update(investigation=dossier)
    except IntegrityError:
        raise ValidationError("Ce dossier a déjà semé une proposition dans ce tour.") from None
    proposition.investigation = dossier
    return proposition


def panneau(*, dossier, user) -> dict:
    """Le panneau de la page d'un dossier accepté : les propositions qu'il a semées, et, pour un
    membre de sa collectivité, le bouton vers le tour en recueil. Deux requêtes au plus."""
    if dossier.etat != Etat.ACCEPTE:
        return {}
    semees = list(Proposition.objects.filter(investigation=dossier).select_related("tour"))
    tour = tour_en_recueil()
    return {
        "semees": semees,
        "tour": tour,
        "peut_semer": tour is not None
        and dossier.collectivite_id in droits(user).collectivites
        and all(p.tour_id != tour.pk for p in semees),
    }
