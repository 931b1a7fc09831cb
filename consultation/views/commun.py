from django.shortcuts import get_object_or_404

from ..models import BesoinConsolide, Proposition, Tour


def tour_de(slug) -> Tour:
    return get_object_or_404(Tour.objects.select_related("enveloppe"), slug=slug)


def proposition_de(uuid) -> Proposition:
    return get_object_or_404(
        Proposition.objects.select_related(
            "tour", "collectivite__departement", "groupe", "guichet", "auteur"
        ),
        uuid=uuid,
    )


def groupe_de(uuid) -> BesoinConsolide:
    return get_object_or_404(BesoinConsolide.objects.select_related("tour"), uuid=uuid)


def erreurs_en_formulaire(form, exc) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    if isinstance(exc, PermissionDenied):
        exc = ValidationError(str(exc))
    form.ajouter_erreurs(exc)
