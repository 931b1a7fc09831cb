"""Le suivi public d'un service retenu, tenu par l'ANCT : sa fiche (ce qu'il fait, pour qui,
licence, code source, option de gouvernance, étude juridique préalable), ses jalons, les
financements de l'ingénierie de sa gouvernance (engagés par le socle, sous le verrou de
l'enveloppe), les consultations de ses référents, et sa livraison au Territoires Store."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fonds.comptes.models import Adhesion, User
from fonds.notifications.services import notifier
from fonds.validation import valider
from fonds.verrous import verrouiller

from ..models import FinancementGouvernance, Interet, Jalon, Question, ServiceRetenu
from ..models.services_retenus import StatutService
from ..subventions import subventionner
from .selection import Cible, _exiger_anct

#: Les champs de la fiche que l'ANCT tient à jour.
CHAMPS_FICHE = (
    "nom",
    "description",
    "pour_qui",
    "licence",
    "code_source",
    "adresse",
    "gouvernance",
    "etude_juridique",
)

#: Ce que le Territoires Store montre de chaque service : exigé avant la livraison.
EXIGES_AU_STORE = {
    "description": "Dites ce que fait le service avant de le livrer au Territoires Store.",
    "pour_qui": "Dites pour qui est le service avant de le livrer au Territoires Store.",
    "licence": "Indiquez la licence du service avant de le livrer au Territoires Store.",
}


def naitre(decision, cible: Cible) -> ServiceRetenu:
    """Le service d'une décision « retenu », dans la transaction de la décision."""
    o = cible.objet
    description = getattr(o, "description", "") or o.ce_qu_il_fait or o.probleme
    return ServiceRetenu.objects.create(
        decision=decision,
        tour_id=decision.tour_id,
        nom=cible.titre[:200],
        description=description,
        licence=getattr(o, "licence", ""),
        code_source=getattr(o, "code_source", ""),
    )


def _date_de_selection(service: ServiceRetenu) -> datetime.date:
    return timezone.localdate(service.decision.le)


@transaction.atomic
def modifier_fiche(*, service: ServiceRetenu, par, **champs) -> ServiceRetenu:
    _exiger_anct(par)
    service = verrouiller(service)
    for nom in CHAMPS_FICHE:
        if nom in champs:
            setattr(service, nom, champs[nom])
    if service.livre:
        erreurs = {c: m for c, m in EXIGES_AU_STORE.items() if not str(getattr(service, c)).strip()}
        if erreurs:
            raise ValidationError(erreurs)
    service.modifie_le = timezone.now()
    valider(service)
    service.save()
    return service


@transaction.atomic
def ajouter_jalon(*, service: ServiceRetenu, titre: str, echeance, statut: str, par) -> Jalon:
    _exiger_anct(par)
    selection = _date_de_selection(service)
    if echeance < selection:
        raise ValidationError(
            {
                "echeance": f"Un jalon ne peut être daté avant la sélection du service "
                f"(le {selection:%d/%m/%Y})."
            }
        )
    jalon = Jalon(service=service, titre=(titre or "").strip(), echeance=echeance, statut=statut)
    jalon.par = par
    valider(jalon)
    jalon.save()
    return jalon


@transaction.atomic
def changer_statut_jalon(*, jalon: Jalon, statut: str, par) -> Jalon:
    _exiger_anct(par)
    jalon = verrouiller(jalon)
    jalon.statut = statut
    valider(jalon)
    jalon.save(update_fields=["statut"])
    return jalon


@transaction.atomic
def financer_gouvernance(
    *, service: ServiceRetenu, montant, beneficiaire, objet: str, par
) -> FinancementGouvernance:
    """Un financement de l'ingénierie de la gouvernance : une subvention du socle au
    territoire référent, sur l'enveloppe du tour (à défaut celle de l'axe 1), jamais au-delà de
    ce qui reste, sous son verrou (`consultation.subventions`)."""
    _exiger_anct(par)
    objet = (objet or "").strip()
    erreurs = {}
    if not objet:
        erreurs["objet"] = ["Dites ce que finance ce complément (étude juridique, statuts…)."]
    if montant is None or Decimal(montant) <= 0:
        erreurs["montant"] = ["Indiquez le montant engagé (plus de 0 €)."]
    referents = Interet.objects.filter(service=service).referents()
    if beneficiaire is None or not referents.filter(collectivite=beneficiaire).exists():
        erreurs["beneficiaire"] = ["Le bénéficiaire est l'un des territoires référents."]
    if erreurs:
        raise ValidationError(erreurs)
    subvention = subventionner(
        tour=service.tour,
        beneficiaire=beneficiaire,
        titre=f"Gouvernance de « {service.nom} » — {objet}",
        description=f"Ingénierie de la gouvernance du service retenu « {service.nom} » "
        f"({service.get_gouvernance_display().lower()}) : {objet}.",
        montant=montant,
        motivation=f"Financement complémentaire de l'ingénierie de la gouvernance : {objet}.",
        par=par,
    )
    return FinancementGouvernance.objects.create(
        service=service, engagement=subvention.engagement, objet=objet, par=par
    )


@transaction.atomic
def livrer(*, service: ServiceRetenu, par, le: datetime.date | None = None) -> ServiceRetenu:
    """Le service entre au Territoires Store : seul un service retenu, dont la fiche dit ce
    qu'il fait, pour qui et sous quelle licence."""
    _exiger_anct(par)
    service = verrouiller(service)
    if service.livre:
        raise ValidationError("Ce service est déjà au Territoires Store.")
    erreurs = {c: m for c, m in EXIGES_AU_STORE.items() if not str(getattr(service, c)).strip()}
    if erreurs:
        raise ValidationError(erreurs)
    le = le or timezone.localdate()
    if le < _date_de_selection(service):
        raise ValidationError({"livre_le": "Un service n'est pas livré avant sa sélection."})
    service.statut = StatutService.LIVRE
    service.livre_le = le
    service.modifie_le = timezone.now()
    service.save(update_fields=["statut", "livre_le", "modifie_le"])
    return service


def membres_verifies(collectivites) -> list[User]:
    """Les personnes actives membres vérifiés de ces collectivités (clés ou requête)."""
    adhesions = Adhesion.objects.validees().filter(collectivite_id__in=collectivites)
    return list(User.objects.filter(is_active=True, pk__in=adhesions.values("user_id")))


def _personnes_des_referents(service: ServiceRetenu) -> list[User]:
    ids = Interet.objects.filter(service=service).referents().values("collectivite_id")
    return membres_verifies(ids)


@transaction.atomic
def ouvrir_question(*, service: ServiceRetenu, texte: str, par, echeance=None) -> Question:
    """L'ANCT consulte les territoires référents ; chacun est notifié."""
    _exiger_anct(par)
    texte = (texte or "").strip()
    if not texte:
        raise ValidationError({"texte": "Écrivez la question posée aux référents."})
    if echeance is not None and echeance < timezone.localdate():
        raise ValidationError({"echeance": "L'échéance d'une consultation est à venir."})
    question = Question.objects.create(service=service, texte=texte, echeance=echeance, par=par)
    notifier(
        destinataires=_personnes_des_referents(service),
        cle=f"consultation:question:{question.uuid}",
        titre=f"L'ANCT consulte les référents de « {service.nom} »",
        texte=texte,
        lien=reverse("consultation:question", args=[question.uuid]),
    )
    return question
