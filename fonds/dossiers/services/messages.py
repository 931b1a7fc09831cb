"""Messagerie du dossier et annotations privées des agents."""

from django.core.exceptions import ValidationError
from django.db import transaction

from fonds.comptes import perms
from fonds.notifications.services import notifier
from fonds.validation import valider

from ..enums import TypePiece
from ..models import Annotation, Dossier, Message
from ._commun import _agents_du_dossier, _lien, _toucher, _verrouiller, membres
from .pieces import _creer_piece


@transaction.atomic
def envoyer_message(*, dossier: Dossier, auteur, corps: str, fichiers=()) -> Message:
    dossier = _verrouiller(dossier)
    perms.exiger(
        perms.peut_ecrire_message(auteur, dossier), "Vous ne pouvez pas écrire sur ce dossier."
    )
    if not corps or not corps.strip():
        raise ValidationError({"corps": ["Le message est vide."]})
    de_agent = perms.peut_instruire(auteur, dossier) and not perms.est_membre(
        auteur, dossier.collectivite
    )
    message = Message(dossier=dossier, auteur=auteur, de_agent=de_agent, corps=corps.strip())
    valider(message)
    message.save()
    _toucher(dossier.pk)
    for fichier in fichiers:
        _creer_piece(
            dossier=dossier,
            fichier=fichier,
            type_piece=TypePiece.MESSAGE,
            par=auteur,
            message=message,
        )
    destinataires = membres(dossier) if de_agent else _agents_du_dossier(dossier)
    notifier(
        destinataires=[d for d in destinataires if d.pk != auteur.pk],
        cle=f"dossier:{dossier.uuid}:message:{message.pk}",
        titre=f"Nouveau message : {dossier.titre}",
        texte=corps.strip()[:500],
        lien=_lien(dossier) + "#messages",
    )
    return message


@transaction.atomic
def annoter(*, dossier: Dossier, auteur, texte: str) -> Annotation:
    dossier = _verrouiller(dossier)
    perms.exiger(
        perms.peut_voir_annotations(auteur, dossier), "Les annotations sont réservées aux agents."
    )
    if not texte or not texte.strip():
        raise ValidationError({"texte": ["L'annotation est vide."]})
    annotation = Annotation(dossier=dossier, auteur=auteur, texte=texte.strip())
    valider(annotation)
    annotation.save()
    _toucher(dossier.pk)
    return annotation
