"""Recherche dans le registre : normalisation des noms et requête d'autocomplétion."""

import re
import unicodedata

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

_NON_ALPHANUMERIQUE = re.compile(r"[^0-9a-z]+")
_CODE_INSEE = re.compile(r"^(?:[0-9]{5}|2[ab][0-9]{3})$")
_SUFFIXE_DEPARTEMENT = re.compile(r"\s*\(([0-9][0-9ab]?[0-9]?)\)\s*$", re.IGNORECASE)

#: Nombre maximal de résultats d'une recherche.
LIMITE = 20


def normaliser(texte: str) -> str:
    """Minuscules, sans accents, ponctuation (traits d'union, apostrophes…) remplacée par des
    espaces, espaces regroupés : « L'Haÿ-les-Roses » → « l hay les roses »."""
    if not texte:
        return ""
    texte = texte.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decompose = unicodedata.normalize("NFKD", texte)
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return _NON_ALPHANUMERIQUE.sub(" ", sans_accents.lower()).strip()


def separer_departement(texte: str) -> tuple[str, str | None]:
    """« Saint-Denis (974) » → (« Saint-Denis », « 974 ») : le libellé affiché par le portail."""
    correspondance = _SUFFIXE_DEPARTEMENT.search(texte)
    if not correspondance:
        return texte, None
    return texte[: correspondance.start()], correspondance.group(1).upper()


#: Longueur lue d'une saisie de recherche, en caractères.
LONGUEUR_MAX = 100


def rechercher(queryset: QuerySet, texte: str) -> QuerySet:
    """Filtre et classe `queryset` (des collectivités) selon le texte saisi.

    Le texte peut être un nom (préfixe de mots : « st et » ne trouve rien, « saint eti »
    trouve Saint-Étienne), un code INSEE, un SIREN, un code postal ou un département entre
    parenthèses (« Saint-Denis (93) »). Classement : code exact, nom exact, nom qui commence
    par le texte, puis les autres ; à rang égal, les plus peuplées d'abord.
    Une seule requête SQL, quelle que soit la taille du registre. Le résultat n'est pas
    limité : à l'appelant de le découper.
    """
    # Une saisie n'a pas besoin de plus : au-delà, chaque mot ajouterait une condition SQL
    # (le fuzz a trouvé qu'un texte énorme dépassait la profondeur d'expression de SQLite).
    texte, code_departement = separer_departement(texte.strip()[:LONGUEUR_MAX])
    brut = texte.strip().replace(" ", "")
    normalise = normaliser(texte)
    if not normalise:
        return queryset.none()

    if brut.isdigit() or _CODE_INSEE.match(normalise):
        code = brut.upper()
        filtre = Q(code_insee=code) | Q(siren=code)
        exact = Q(code_insee=code) | Q(siren=code)
        if len(code) == 5:
            # Code postal : liste séparée par des espaces.
            filtre |= Q(codes_postaux__contains=code)
        elif len(code) < 9:
            filtre |= Q(code_insee__startswith=code) | Q(siren__startswith=code)
        queryset = queryset.filter(filtre)
        rang = Case(When(exact, then=Value(0)), default=Value(3), output_field=IntegerField())
    else:
        mots = normalise.split(" ")
        filtre = Q()
        for mot in mots:
            filtre &= Q(nom_recherche__startswith=mot) | Q(nom_recherche__contains=f" {mot}")
        queryset = queryset.filter(filtre)
        rang = Case(
            When(nom_recherche=normalise, then=Value(1)),
            When(nom_recherche__startswith=normalise, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    if code_departement:
        queryset = queryset.filter(departement__code=code_departement)
    return queryset.annotate(rang=rang).order_by(
        "rang", F("population").desc(nulls_last=True), "nom", "pk"
    )
