"""La passerelle vers l'axe 2 : un service retenu dont les référents réunissent assez de
collectivités ou d'habitants candidate à un appel à projets national ouvert.

L'éligibilité est celle du socle (`fonds.dossiers.eligibilite`), lue sur le groupement des
référents tel que l'axe 2 le formerait (la somme de leurs populations) : un référent qui suffit
seul candidate seul ; sinon la personne, membre vérifiée d'un référent (chef de file), forme le
groupement ad hoc des référents (`guichet_national.services.groupements`) et y dépose le projet.
La candidature lie le service à l'appel : la page du service montre le dossier d'appel, et la
page du dossier d'appel le service retenu, son besoin et la décision du comité."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery

from fonds.comptes.perms import droits
from fonds.dossiers import types
from fonds.dossiers.eligibilite import Eligibilite, eligibilite, habitants
from fonds.dossiers.models import Dossier, Guichet
from fonds.verrous import verrouiller

from ..models import CandidatureNationale, Interet, ServiceRetenu

#: La sorte des guichets d'appel à projets de l'axe 2.
APPEL = "appel_a_projets"


@dataclass(frozen=True)
class Evaluation:
    """Le verdict du socle sur le service candidat : qui déposerait, et pourquoi."""

    referents: list
    verdict: Eligibilite
    detail: str
    seul: bool  # un référent suffit : il dépose seul, sans groupement


def appels_ouverts():
    return Guichet.objects.filter(type=APPEL).ouverts().order_by("cloture", "nom")


def referents_de(service: ServiceRetenu) -> list:
    return [
        i.collectivite
        for i in Interet.objects.referents()
        .filter(service=service)
        .select_related("collectivite__departement", "collectivite__region")
        .order_by("collectivite__nom")
    ]


def evaluer(service: ServiceRetenu, guichet: Guichet, *, chef_de_file) -> Evaluation:
    """Le chef de file seul s'il est éligible ; sinon le groupement de tous les référents."""
    from guichet_national.services import groupements

    referents = referents_de(service)
    if chef_de_file.pk not in {r.pk for r in referents}:
        raise ValidationError(
            {"chef_de_file": "Le chef de file est l'un des territoires référents du service."}
        )
    seul = eligibilite(guichet, chef_de_file)
    if seul.ok:
        return Evaluation(referents, seul, f"{chef_de_file.nom} dépose seul.", True)
    if len(referents) == 1:
        detail = (
            f"{chef_de_file.nom}, seul territoire référent : "
            f"{habitants(chef_de_file.population or 0)} habitants."
        )
        return Evaluation(referents, seul, detail, True)
    simulation = groupements.simuler(
        guichet, chef_de_file=chef_de_file, autres=referents, nom=service.nom
    )
    return Evaluation(referents, simulation.verdict, simulation.detail, False)


@transaction.atomic
def candidater(*, service: ServiceRetenu, guichet: Guichet, chef_de_file, par):
    """Lie le service à l'appel et rend la collectivité qui y déposera (le chef de file, ou le
    groupement formé de ses référents). Un appel fermé, un service qui n'a pas assez de
    référents, une seconde candidature au même appel : un message, rien d'écrit."""
    from guichet_national.services import groupements

    if chef_de_file.pk not in droits(par).collectivites:
        raise PermissionDenied("Seuls les membres vérifiés d'un territoire référent candidatent.")
    if guichet.type != APPEL or not guichet.est_ouvert():
        raise ValidationError({"appel": "Cet appel n'accepte pas de candidature en ce moment."})
    verrouiller(service)
    deja = CandidatureNationale.objects.filter(service=service, guichet=guichet).first()
    if deja is not None:
        raise ValidationError(
            {"appel": f"Le service candidate déjà à cet appel, au nom de {deja.collectivite}."}
        )
    evaluation = evaluer(service, guichet, chef_de_file=chef_de_file)
    if not evaluation.verdict.ok:
        raise ValidationError({"chef_de_file": evaluation.verdict.raisons})
    deposant = chef_de_file
    if not evaluation.seul:
        deposant = groupements.former(
            guichet,
            chef_de_file=chef_de_file,
            autres=evaluation.referents,
            nom=service.nom,
            par=par,
        )
    try:
        with transaction.atomic():
            return CandidatureNationale.objects.create(
                service=service, guichet=guichet, collectivite=deposant, par=par
            )
    except IntegrityError:
        raise ValidationError({"appel": "Le service candidate déjà à cet appel."}) from None


def adresse_de_depot(guichet: Guichet) -> tuple[str, str]:
    """Le nom d'URL de la page de dépôt de l'appel (celle de l'axe 2) et son argument."""
    return types.obtenir(guichet.type).depot, guichet.slug


def candidatures_du_service(service: ServiceRetenu) -> list[CandidatureNationale]:
    """Les candidatures du service, chacune avec l'identifiant et l'état de son dossier
    d'appel (le dossier que le déposant a ouvert à cet appel), en une requête."""
    dossiers = Dossier.objects.filter(
        guichet=OuterRef("guichet"), collectivite=OuterRef("collectivite")
    ).order_by("pk")
    return list(
        CandidatureNationale.objects.filter(service=service)
        .select_related("guichet", "collectivite")
        .annotate(
            dossier_uuid=Subquery(dossiers.values("uuid")[:1]),
            dossier_etat=Subquery(dossiers.values("etat")[:1]),
        )
    )


def candidature_du_dossier(dossier) -> CandidatureNationale | None:
    """La candidature d'où vient un dossier d'appel : son service, sa décision, son besoin."""
    return (
        CandidatureNationale.objects.filter(
            guichet_id=dossier.guichet_id, collectivite_id=dossier.collectivite_id
        )
        .select_related(
            "service__decision__groupe",
            "service__decision__proposition",
            "service__decision__engagement",
            "service__tour",
        )
        .first()
    )
