"""Les collectivités autour d'un service retenu : se porter volontaire (territoire référent ou
premier déployeur), le déclin motivé de l'ANCT, les réponses des référents à ses consultations,
et l'adhésion en un clic à un service du Territoires Store."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from fonds.comptes.perms import droits
from fonds.financement.montants import en_euros
from fonds.notifications.services import notifier
from fonds.verrous import verrouiller

from ..enums import Phase
from ..models import AdhesionService, Interet, Question, Reponse, ServiceRetenu
from .selection import _exiger_anct
from .suivi import membres_verifies

#: Les phases du tour où l'on se porte volontaire pour un service retenu.
PHASES_DE_L_INTERET = (Phase.INTERET, Phase.DEVELOPPEMENT)


def _exiger_membre(par, collectivite, action: str) -> None:
    if collectivite is None or collectivite.pk not in droits(par).collectivites:
        raise PermissionDenied(f"Seuls les membres vérifiés d'une collectivité {action}.")


def _lien(service: ServiceRetenu) -> str:
    return reverse("consultation:service", args=[service.uuid])


@transaction.atomic
def se_porter_volontaire(
    *,
    service: ServiceRetenu,
    collectivite,
    role: str,
    par,
    cofinancement: Decimal | None = None,
    temps_equipe: str = "",
    sites_pilotes: str = "",
) -> Interet:
    """Tout volontaire est retenu (référent ou premier déployeur), à moins que l'ANCT ne le
    décline ; une collectivité se porte volontaire une fois par service, et peut l'être pour
    plusieurs services."""
    _exiger_membre(par, collectivite, "se portent volontaires pour elle")
    if service.tour.phase() not in PHASES_DE_L_INTERET:
        raise ValidationError(
            "L'expression d'intérêt n'est pas ouverte : elle commence le "
            f"{timezone.localtime(service.tour.interet_debut):%d/%m/%Y}."
        )
    deja = Interet.objects.filter(service=service, collectivite=collectivite).first()
    if deja is not None:
        raise ValidationError(
            {
                "collectivite": f"{collectivite.nom} s'est déjà portée volontaire pour ce "
                f"service, le {timezone.localtime(deja.le):%d/%m/%Y}."
            }
        )
    if cofinancement is not None and cofinancement < 0:
        raise ValidationError({"cofinancement": "Un cofinancement est positif."})
    try:
        with transaction.atomic():
            return Interet.objects.create(
                service=service,
                collectivite=collectivite,
                role=role,
                cofinancement=cofinancement,
                temps_equipe=(temps_equipe or "").strip(),
                sites_pilotes=(sites_pilotes or "").strip(),
                par=par,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"collectivite": f"{collectivite.nom} s'est déjà portée volontaire pour ce service."}
        ) from exc


@transaction.atomic
def decliner(*, interet: Interet, motif: str, par) -> Interet:
    """L'ANCT décline un volontaire et lui dit pourquoi (notifié)."""
    _exiger_anct(par)
    interet = verrouiller(interet)
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": "Dites à la collectivité pourquoi elle est déclinée."})
    if interet.decline:
        raise ValidationError("Cette candidature est déjà déclinée.")
    interet.decline_le = timezone.now()
    interet.motif_declin = motif
    interet.decline_par = par
    interet.save(update_fields=["decline_le", "motif_declin", "decline_par"])
    service = interet.service
    notifier(
        destinataires=membres_verifies([interet.collectivite_id]),
        cle=f"consultation:interet:{interet.pk}:decline",
        titre=f"« {service.nom} » : votre candidature n'est pas retenue",
        texte=f"L'ANCT ne retient pas {interet.collectivite.nom} comme "
        f"{interet.get_role_display().lower()} : {motif}",
        lien=_lien(service),
    )
    return interet


@transaction.atomic
def repondre(*, question: Question, collectivite, texte: str, par) -> Reponse:
    """Un territoire référent (non décliné) répond à une consultation ; il peut reprendre sa
    réponse, l'historique garde la précédente."""
    _exiger_membre(par, collectivite, "répondent pour elle")
    if (
        not Interet.objects.referents()
        .filter(service_id=question.service_id, collectivite=collectivite)
        .exists()
    ):
        raise PermissionDenied("Seuls les territoires référents du service répondent.")
    texte = (texte or "").strip()
    if not texte:
        raise ValidationError({"texte": "Écrivez la réponse de votre collectivité."})
    reponse, _ = Reponse.objects.update_or_create(
        question=question,
        collectivite=collectivite,
        defaults={"texte": texte, "par": par, "le": timezone.now()},
    )
    return reponse


@transaction.atomic
def adherer(*, service: ServiceRetenu, collectivite, par) -> AdhesionService:
    """En un clic, une collectivité demande à rejoindre un service du Territoires Store."""
    _exiger_membre(par, collectivite, "demandent à rejoindre un service pour elle")
    if not ServiceRetenu.objects.au_store().filter(pk=service.pk).exists():
        raise ValidationError("Seuls les services livrés au Territoires Store se rejoignent.")
    try:
        with transaction.atomic():
            return AdhesionService.objects.create(
                service=service, collectivite=collectivite, par=par
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"collectivite": f"{collectivite.nom} a déjà demandé à rejoindre ce service."}
        ) from exc


@transaction.atomic
def mettre_en_service(*, adhesion: AdhesionService, par) -> AdhesionService:
    """L'ANCT confirme qu'une collectivité utilise le service (elle en est notifiée)."""
    _exiger_anct(par)
    adhesion = verrouiller(adhesion)
    if adhesion.en_service_le is not None:
        raise ValidationError("Cette collectivité utilise déjà le service.")
    adhesion.en_service_le = timezone.now()
    adhesion.en_service_par = par
    adhesion.save(update_fields=["en_service_le", "en_service_par"])
    notifier(
        destinataires=membres_verifies([adhesion.collectivite_id]),
        cle=f"consultation:adhesion-service:{adhesion.pk}",
        titre=f"« {adhesion.service.nom} » est en service",
        texte=f"{adhesion.collectivite.nom} utilise désormais « {adhesion.service.nom} ».",
        lien=_lien(adhesion.service),
    )
    return adhesion


def apport(interet: Interet) -> str:
    """Ce qu'apporte un volontaire, en une ligne."""
    parts = []
    if interet.cofinancement:
        parts.append(f"cofinancement de {en_euros(interet.cofinancement)}")
    if interet.temps_equipe:
        parts.append(f"temps d'équipe : {interet.temps_equipe}")
    if interet.sites_pilotes:
        parts.append(f"sites pilotes : {interet.sites_pilotes}")
    return " ; ".join(parts)
