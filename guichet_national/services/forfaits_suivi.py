"""Le suivi d'un forfait accordé : la mise en service déclenche le versement, un rappel part à
la date cible, la DINUM révoque un forfait obtenu sur une fausse déclaration (l'engagement est
libéré et la liste d'attente servie dans la même transaction)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from fonds.comptes import perms
from fonds.comptes.enums import Role
from fonds.dossiers import services as dossiers
from fonds.financement.enums import StatutSubvention, TypeVersement
from fonds.financement.models import Enveloppe
from fonds.financement.services import (
    annuler_subvention,
    prononcer_decheance,
    verser_automatiquement,
)
from fonds.notifications.services import notifier
from fonds.validation import valider
from fonds.verrous import verrouiller

from ..models.forfaits import DemandeForfait, StatutDemande
from .forfaits import servir_liste_attente

#: Les statuts où le versement du forfait peut partir (convention signée et contresignée).
STATUTS_PAYABLES = (StatutSubvention.SIGNEE, StatutSubvention.EN_PAIEMENT)


def peut_suivre_les_forfaits(user) -> bool:
    """Voir toutes les demandes, les exporter, révoquer : la DINUM et les administrateurs."""
    return perms.a_role(user, Role.DINUM) or perms.est_administrateur(user)


def _verser_si_possible(demande: DemandeForfait) -> bool:
    subvention = demande.subvention
    if subvention.statut not in STATUTS_PAYABLES or not subvention.reste_a_verser:
        return False
    verser_automatiquement(
        subvention=subvention,
        type=TypeVersement.SOLDE,
        montant=subvention.reste_a_verser,
        date=timezone.localdate(),
        reference=f"FORFAIT-{str(demande.uuid)[:8].upper()}",
    )
    return True


@transaction.atomic
def declarer_mise_en_service(
    *, demande: DemandeForfait, par, date: datetime.date, adresse: str
) -> bool:
    """La preuve de mise en service (date, adresse du service en production) ; le forfait est
    versé aussitôt si la convention est signée, sinon dès qu'elle l'est (tâche périodique).
    Rend vrai si le versement est parti."""
    demande = verrouiller(demande, "subvention", "collectivite")
    perms.exiger(
        perms.peut_agir_pour(par, demande.collectivite),
        "Seuls les membres vérifiés de la collectivité déclarent la mise en service.",
    )
    if demande.statut != StatutDemande.ACCORDEE:
        raise ValidationError("Seul un forfait accordé se déclare mis en service.")
    if demande.mise_en_service_le is not None:
        raise ValidationError("La mise en service de ce forfait est déjà déclarée.")
    if date > timezone.localdate():
        raise ValidationError({"date": ["La mise en service ne peut pas être dans le futur."]})
    if date < demande.deposee_le.date() - datetime.timedelta(days=366):
        raise ValidationError(
            {"date": ["La mise en service date de plus d'un an avant la demande."]}
        )
    demande.mise_en_service_le = date
    demande.adresse_en_service = (adresse or "").strip()
    demande._history_user = par
    valider(demande)
    demande.save()
    return _verser_si_possible(demande)


@transaction.atomic
def verser_forfaits_en_service() -> int:
    """Tâche périodique : verse les forfaits déjà mis en service dont la convention vient
    d'être signée."""
    versees = 0
    attente = DemandeForfait.objects.filter(
        statut=StatutDemande.ACCORDEE,
        mise_en_service_le__isnull=False,
        subvention__statut__in=STATUTS_PAYABLES,
    ).select_related("subvention")
    for demande in attente[:500]:
        versees += _verser_si_possible(demande)
    return versees


@transaction.atomic
def revoquer_forfait(*, demande: DemandeForfait, par, motif: str) -> DemandeForfait:
    """Révoque un forfait obtenu sur une fausse déclaration : la subvention est annulée (rien
    versé) ou déchue (le versé reste dû), l'engagement revient à l'enveloppe et la liste
    d'attente est servie dans la même transaction."""
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": ["Indiquez le motif de la révocation."]})
    perms.exiger(
        peut_suivre_les_forfaits(par), "Seule la DINUM révoque un forfait du guichet national."
    )
    guichet = demande.guichet
    # Le verrou de l'enveloppe d'abord, comme toute décision du guichet (jamais en croix).
    enveloppe = verrouiller(Enveloppe(pk=guichet.enveloppe_id))
    demande = verrouiller(demande, "subvention")
    if demande.statut != StatutDemande.ACCORDEE:
        raise ValidationError(
            f"Ce forfait est « {demande.get_statut_display().lower()} » : seul un forfait "
            "accordé se révoque."
        )
    subvention = demande.subvention
    texte = f"Révocation (fausse déclaration) : {motif}"
    if subvention.statut in (StatutSubvention.ANNULEE, StatutSubvention.DECHUE):
        pass
    elif subvention.montant_verse:
        prononcer_decheance(subvention=subvention, motif=texte, par=par)
    else:
        annuler_subvention(subvention=subvention, motif=texte, par=par)
    demande.statut = StatutDemande.REVOQUEE
    demande.motif_revocation = motif
    demande._history_user = par
    valider(demande)
    demande.save()
    servir_liste_attente(guichet=guichet, enveloppe=enveloppe)
    return demande


@transaction.atomic
def rappeler_dates_cibles(*, aujourd_hui: datetime.date | None = None) -> int:
    """Tâche quotidienne : à la date cible de mise en production, un rappel (une fois) aux
    membres de la collectivité dont le forfait n'est pas encore déclaré en service."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    a_rappeler = DemandeForfait.objects.filter(
        Q(rappel_envoye_le__isnull=True),
        statut=StatutDemande.ACCORDEE,
        mise_en_service_le__isnull=True,
        date_cible__lte=aujourd_hui,
    ).select_related("dossier")
    envoyes = 0
    for demande in a_rappeler[:1000]:
        notifier(
            destinataires=dossiers.membres(demande.dossier),
            cle=f"forfait:{demande.uuid}:rappel",
            titre="Forfait : votre service est-il en production ?",
            texte=f"La date cible de mise en production de « {demande.service_nom} » était le "
            f"{demande.date_cible:%d/%m/%Y}. Déclarez sa mise en service (date et adresse) : "
            "le forfait est versé dès cette preuve.",
            lien=reverse("guichet_national:forfait_demande", args=[demande.uuid]),
        )
        envoyes += 1
    DemandeForfait.objects.filter(pk__in=[d.pk for d in a_rappeler[:1000]]).update(
        rappel_envoye_le=timezone.now()
    )
    return envoyes
