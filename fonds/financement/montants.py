"""Montants en euros : lecture, écriture en chiffres et en lettres. Jamais de float."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from num2words import num2words

CENTIME = Decimal("0.01")
MAXIMUM = Decimal("999999999999.99")
ESPACE_FINE = "\u202f"
ESPACE = "\u00a0"


EXEMPLE = "Saisissez un montant en euros, par exemple 12 500,50."
# Des chiffres de 0 à 9, groupés par trois avec une espace (ordinaire, insécable ou fine), ou
# sans séparateur ; une virgule ou un point avant les centimes.
_MONTANT = re.compile(r"([0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:[,.]([0-9]+))?")


def lire_montant(texte: str) -> Decimal:
    """Un montant écrit à la française : « 12 500,50 », « 12500.5 », « 1 000 € ». Refuse, avec
    un message en français, les exposants (1e3), les chiffres d'autres écritures (١٢٣), plus
    de deux décimales et tout le reste."""
    texte = texte.strip().removesuffix("€").strip()
    if any(c.isdigit() and not ("0" <= c <= "9") for c in texte):
        raise ValidationError("Écrivez le montant avec les chiffres de 0 à 9.")
    if "e" in texte.lower() and any(c.isdigit() for c in texte):
        raise ValidationError(
            "Écrivez le montant en chiffres, sans exposant : 150 000 plutôt que 1,5e5."
        )
    if texte.startswith("-"):
        raise ValidationError("Le montant doit être supérieur à zéro.")
    correspondance = _MONTANT.fullmatch(texte)
    if correspondance is None:
        raise ValidationError(EXEMPLE)
    entiers, decimales = correspondance.groups()
    if decimales and len(decimales) > 2:
        raise ValidationError("Un montant a au plus deux chiffres après la virgule.")
    entiers = "".join(c for c in entiers if c.isdigit())
    return Decimal(f"{entiers}.{decimales or '0'}")


def verifier_montant(valeur, *, champ: str = "montant", zero_permis: bool = False) -> Decimal:
    """Un montant en euros avec au plus deux décimales, strictement positif sauf `zero_permis`.
    Lève une `ValidationError` attachée au champ."""
    try:
        if isinstance(valeur, str):
            montant = lire_montant(valeur)
        else:
            montant = valeur if isinstance(valeur, Decimal) else Decimal(str(valeur))
    except ValidationError as exc:
        raise ValidationError({champ: exc.messages}) from exc
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValidationError({champ: EXEMPLE}) from exc
    if not montant.is_finite():
        raise ValidationError({champ: EXEMPLE})
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
