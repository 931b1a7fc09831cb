"""Outils internes des services du dossier : destinataires, verrou, historique."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fonds.comptes import perms
from fonds.comptes.models import User
from fonds.notifications.services import notifier
from fonds.validation import valider
from fonds.verrous import verrouiller

from ..models import Dossier, Guichet

CHAMPS_MODIFIABLES = ("titre", "description", "montant_demande", "donnees")


# Destinataires -----------------------------------------------------------------------------


def membres(dossier) -> list:
    return list(User.objects.membres_verifies_de(dossier.collectivite_id))


def agents(guichet: Guichet) -> list:
    return list(guichet.instructeurs())


def _agents_du_dossier(dossier) -> list:
    """L'agent du dossier, sinon ceux du guichet ; jamais qui s'est déporté (conflit
    d'intérêts avec la collectivité)."""
    if dossier.instructeur_id:
        return [dossier.instructeur]
    return list(dossier.guichet.instructeurs().sans_conflit_avec(dossier.collectivite_id))


def _lien(dossier) -> str:
    return reverse("dossiers:dossier", kwargs={"uuid": dossier.uuid})


def _verrouiller(dossier) -> Dossier:
    """Relit tout le dossier sous verrou de sa seule ligne : deux écritures sur un dossier ne se
    croisent pas, et celles de deux dossiers d'un même guichet ne s'attendent pas. L'état se
    vérifie ensuite sur cet objet, celui de l'appelant, relu."""
    return verrouiller(dossier, "guichet", "collectivite")


def _enregistrer(dossier, *, par, raison: str) -> None:
    dossier._history_user = par
    dossier._change_reason = raison
    valider(dossier)
    dossier.save()
    Dossier.objects.filter(pk=dossier.pk).indexer_recherche()


def _toucher(dossier_id: int) -> None:
    """Un message, une pièce, une annotation ou une analyse antivirus change ce que montre le
    dossier sans passer par `_enregistrer` : sa date de modification avance quand même (Mon
    espace range les dossiers par elle). Pas d'historique : la date n'y est pas suivie."""
    Dossier.objects.filter(pk=dossier_id).update(modifie_le=timezone.now())


def _exiger_etat(dossier, *etats, message: str) -> None:
    if dossier.etat not in etats:
        raise ValidationError(message)


# Collectivité ------------------------------------------------------------------------------


def _exiger_instructeur(par, dossier) -> None:
    perms.exiger(perms.peut_instruire(par, dossier), "Vous n'instruisez pas ce dossier.")


def _exiger_motivation(motivation: str) -> str:
    if not motivation or not motivation.strip():
        raise ValidationError({"motivation": ["La motivation de la décision est obligatoire."]})
    return motivation.strip()


def _notifier_collectivite(dossier, *, evenement: str, titre: str, texte: str) -> None:
    notifier(
        destinataires=membres(dossier),
        cle=f"dossier:{dossier.uuid}:{evenement}",
        titre=titre,
        texte=texte,
        lien=_lien(dossier),
    )
