from django import template

from ..montants import en_euros

register = template.Library()


@register.filter
def euros(montant) -> str:
    return "" if montant is None else en_euros(montant)
