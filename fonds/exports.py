"""Exports CSV en flux, communs à tout le portail (listes d'agents, journal d'audit).

Pour un tableur français : point-virgule, UTF-8 avec BOM, décimales à virgule ; une ligne à la
fois (mémoire constante) ; et jamais de formule : un texte saisi par un usager qui commence par
« = », « + », « - », « @ »… est neutralisé (injection de formules dans un tableur).
"""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import StreamingHttpResponse

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def neutraliser(valeur):
    """Un texte saisi par un usager ne doit jamais devenir une formule dans un tableur."""
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return "'" + valeur
    return valeur


def _cellule(valeur):
    if isinstance(valeur, Decimal | float):
        return str(valeur).replace(".", ",")
    return neutraliser(valeur)


class _Tampon:
    def write(self, valeur):
        return valeur


def reponse_csv(
    entetes: list[str], lignes: Iterable[list], *, nom: str, tableur: bool = True
) -> StreamingHttpResponse:
    """Une réponse CSV envoyée ligne à ligne, en pièce jointe nommée `nom`. `tableur=False` :
    le CSV des données ouvertes (virgule, sans BOM, valeurs déjà écrites au point décimal),
    formules toujours neutralisées."""
    ecrivain = csv.writer(_Tampon(), delimiter=";" if tableur else ",")
    cellule = _cellule if tableur else neutraliser

    def contenu():
        yield ("\ufeff" if tableur else "") + ecrivain.writerow(entetes)
        for ligne in lignes:
            yield ecrivain.writerow([cellule(v) for v in ligne])

    response = StreamingHttpResponse(contenu(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{nom}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
