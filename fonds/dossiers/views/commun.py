"""Ce que partagent les vues des dossiers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from fonds.comptes import perms

from ..models import Dossier


def afficher_erreur(request, exc: ValidationError | PermissionDenied) -> None:
    texte = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, texte or "Vous n'avez pas le droit de faire cette action.")


def dossier_visible(request, uuid) -> Dossier:
    """Le dossier, pour qui peut le voir ; 403 pour l'agent qui s'en est déporté (il le
    sait) ; 404 pour les autres (son existence ne se devine pas)."""
    dossier = get_object_or_404(Dossier.objects.avec_details(), uuid=uuid)
    if not perms.peut_voir_dossier(request.user, dossier):
        perms.exiger(
            not perms.est_deporte(request.user, dossier),
            "Vous avez déclaré un conflit d'intérêts avec cette collectivité : vous ne voyez "
            "plus ses dossiers.",
        )
        raise Http404("Dossier introuvable.")
    return dossier
