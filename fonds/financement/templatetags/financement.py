from django import template
from django.utils.html import format_html

from ..montants import en_euros

register = template.Library()


@register.filter
def euros(montant) -> str:
    return "" if montant is None else en_euros(montant)


_COULEURS_STATUT = {
    "soldee": "fr-badge--success",
    "annulee": "fr-badge--error",
    "dechue": "fr-badge--error",
    "a_conventionner": "fr-badge--new",
}


@register.filter
def badge_statut(subvention) -> str:
    """Badge DSFR de l'état d'une subvention : une fonction, pas une inclusion de gabarit, pour
    les listes de 50 lignes."""
    return format_html(
        '<p class="fr-badge fr-badge--sm {}">{}</p>',
        _COULEURS_STATUT.get(subvention.statut, "fr-badge--info"),
        subvention.get_statut_display(),
    )
