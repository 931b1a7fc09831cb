"""Les listes du registre (régions, départements) pour les listes déroulantes : partagées entre
toutes les personnes, lues une fois par version du registre (renouvelée par chaque chargement)
puis relues du cache, sans requête SQL par page."""

from django.core.cache import cache

from fonds import pages_en_cache

from .models import Departement, Region


def _choix(modele, ordre: str) -> list[tuple[int, str]]:
    cle = f"collectivites:choix:{modele._meta.model_name}:{pages_en_cache.version('registre')}"
    return cache.get_or_set(
        cle,
        lambda: [(objet.pk, str(objet)) for objet in modele.objects.order_by(ordre)],
        timeout=pages_en_cache.DUREE,
    )


def regions() -> list[tuple[int, str]]:
    return _choix(Region, "nom")


def departements() -> list[tuple[int, str]]:
    return _choix(Departement, "code")


def servir_du_cache(champ, choix: list[tuple[int, str]]) -> None:
    """Un `ModelChoiceField` du registre rendu depuis la liste partagée ; la saisie reste
    validée par son QuerySet."""
    champ.choices = [("", champ.empty_label), *choix] if champ.empty_label is not None else choix
