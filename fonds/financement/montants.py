"""Montants en euros : lecture, écriture en chiffres et en lettres. Jamais de float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from num2words import num2words

CENTIME = Decimal("0.01")
MAXIMUM = Decimal("999999999999.99")
ESPACE_FINE = "\u202f"
ESPACE = "\u00a0"


def verifier_montant(valeur, *, champ: str = "montant", zero_permis: bool = False) -> Decimal:
    """Un montant en euros avec au plus deux décimales, strictement positif sauf `zero_permis`.
    Lève une `ValidationError` attachée au champ."""
    try:
        montant = valeur if isinstance(valeur, Decimal) else Decimal(str(valeur))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValidationError(
            {champ: "Saisissez un montant en euros, par exemple 12500,50."}
        ) from exc
    if not montant.is_finite():
        raise ValidationError({champ: "Saisissez un montant en euros, par exemple 12500,50."})
    if montant != montant.quantize(CENTIME):
        raise ValidationError({champ: "Un montant a au plus deux chiffres après la virgule."})
    if montant < 0 or (montant == 0 and not zero_permis):
        raise ValidationError({champ: "Le montant doit être supérieur à zéro."})
    if montant > MAXIMUM:
        raise ValidationError({champ: "Ce montant dépasse ce que le fonds peut gérer."})
    return montant.quantize(CENTIME)


def en_euros(montant: Decimal) -> str:
    """12345.6 → « 12 345,60 € » (espaces insécables fines comme séparateur de milliers)."""
    montant = Decimal(montant).quantize(CENTIME, rounding=ROUND_HALF_UP)
    signe = "-" if montant < 0 else ""
    entiers, decimales = f"{abs(montant):.2f}".split(".")
    groupes = []
    while entiers:
        groupes.insert(0, entiers[-3:])
        entiers = entiers[:-3]
    return f"{signe}{ESPACE_FINE.join(groupes)},{decimales}{ESPACE}€"


def en_lettres(montant: Decimal) -> str:
    """1250000.5 → « un million deux cent cinquante mille euros et cinquante centimes »."""
    montant = Decimal(montant).quantize(CENTIME, rounding=ROUND_HALF_UP)
    euros = int(montant)
    centimes = int((montant - euros) * 100)
    mots = num2words(euros, lang="fr")
    if euros in (0, 1):
        unite = "euro"
    elif mots.split()[-1] in ("million", "millions", "milliard", "milliards"):
        unite = "d'euros"
    else:
        unite = "euros"
    texte = f"{mots} {unite}"
    if centimes:
        texte += f" et {num2words(centimes, lang='fr')} centime{'s' if centimes > 1 else ''}"
    return texte
