from django import template
from django.utils.html import format_html

register = template.Library()

_COULEURS = {
    "accepte": " fr-badge--success",
    "refuse": " fr-badge--error",
    "en_instruction": " fr-badge--new",
    "depose": " fr-badge--info",
}


@register.filter
def badge_etat(dossier) -> str:
    """Badge DSFR de l'état d'un dossier (compléments demandés en premier) : une fonction, pas
    une inclusion de gabarit, pour les listes de 50 lignes."""
    if dossier.complements_demandes:
        return format_html(
            '<p class="fr-badge fr-badge--warning fr-badge--sm">{}</p>', "Compléments demandés"
        )
    return format_html(
        '<p class="fr-badge{} fr-badge--sm">{}</p>',
        _COULEURS.get(dossier.etat, ""),
        dossier.get_etat_display(),
    )
