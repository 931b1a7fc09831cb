"""Pièces jointes d'un dossier : ajout, retrait, analyse antivirus."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction

from fonds.comptes import perms
from fonds.validation import valider

from ..enums import Etat, StatutAnalyse
from ..fichiers import valider_fichier
from ..models import Dossier, PieceJointe
from ._commun import _toucher, _verrouiller


def _empreinte(fichier) -> str:
    sha = hashlib.sha256()
    fichier.seek(0)
    for bloc in fichier.chunks():
        sha.update(bloc)
    fichier.seek(0)
    return sha.hexdigest()


def _creer_piece(*, dossier, fichier, type_piece, par, message=None) -> PieceJointe:
    type_contenu = valider_fichier(fichier)
    piece = PieceJointe(
        dossier=dossier,
        message=message,
        type_piece=type_piece,
        nom_original=fichier.name[-255:],
        taille=fichier.size,
        sha256=_empreinte(fichier),
        type_contenu=type_contenu,
        deposee_par=par,
    )
    piece.fichier.save("piece", fichier, save=False)
    try:
        valider(piece)
        piece.save()
    except Exception:
        piece.fichier.delete(save=False)
        raise
    _toucher(dossier.pk)
    from fonds.celery import mettre_en_file

    from ..tasks import analyser_piece

    transaction.on_commit(lambda: mettre_en_file(analyser_piece, piece.pk))
    return piece


@transaction.atomic
def ajouter_piece(*, dossier: Dossier, fichier, type_piece: str, par) -> PieceJointe:
    dossier = _verrouiller(dossier)
    perms.exiger(
        perms.peut_modifier_dossier(par, dossier),
        "Ce dossier n'est plus modifiable : on ne peut plus y joindre de pièce.",
    )
    if dossier.guichet.sorte.piece(type_piece) is None:
        raise ValidationError({"type_piece": ["Type de pièce inconnu."]})
    return _creer_piece(dossier=dossier, fichier=fichier, type_piece=type_piece, par=par)


@transaction.atomic
def retirer_piece(*, piece: PieceJointe, par) -> None:
    # Le dossier d'abord, la pièce ensuite (l'ordre du dépôt) : un dépôt et un retrait
    # simultanés passent l'un après l'autre, et le dépôt recompte les pièces sous son verrou.
    dossier = _verrouiller(piece.dossier)
    if PieceJointe.objects.select_for_update(of=("self",)).filter(pk=piece.pk).first() is None:
        raise ValidationError("Cette pièce est déjà retirée.")
    # Une pièce déposée reste au dossier (les agents l'ont vue) : on en ajoute une autre.
    perms.exiger(
        piece.message_id is None
        and dossier.etat == Etat.BROUILLON
        and perms.peut_modifier_dossier(par, dossier),
        "Une pièce d'un dossier déposé ne peut plus être retirée ; joignez-en une nouvelle.",
    )
    fichier = piece.fichier
    piece.delete()
    _toucher(dossier.pk)
    transaction.on_commit(lambda: fichier.delete(save=False))


def analyser(*, piece_id: int) -> str | None:
    """Passe la pièce à l'antivirus configuré ; idempotent (une pièce analysée ne l'est plus)."""
    from ..antivirus import antivirus

    piece = PieceJointe.objects.filter(pk=piece_id, statut_analyse=StatutAnalyse.EN_ATTENTE).first()
    if piece is None:
        return None
    with piece.fichier.open("rb") as fichier:
        statut = antivirus().analyser(fichier)
    if PieceJointe.objects.filter(pk=piece.pk, statut_analyse=StatutAnalyse.EN_ATTENTE).update(
        statut_analyse=statut
    ):
        _toucher(piece.dossier_id)
    return statut
