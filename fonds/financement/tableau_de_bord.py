"""Les chiffres publics du fonds : dotation, engagé, versé, disponible, par axe, par enveloppe,
par région et par département. Un nombre fixe de requêtes agrégées, quel que soit le volume."""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Sum, Value, When
from django.db.models.functions import Coalesce

from .enums import Axe, NatureEnveloppe
from .models import Engagement, Enveloppe, Subvention
from .montants import CENTIME

ZERO = Decimal("0.00")


def _somme(expression):
    return Coalesce(
        Sum(expression), Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2)
    )


@dataclass
class Ligne:
    niveau: str
    code: str
    libelle: str
    dotation: Decimal | None
    engage: Decimal
    verse: Decimal
    disponible: Decimal | None

    def __post_init__(self):
        # SQLite rend les sommes sans leurs deux décimales : on les remet.
        for nom in ("dotation", "engage", "verse", "disponible"):
            valeur = getattr(self, nom)
            if valeur is not None:
                setattr(self, nom, Decimal(valeur).quantize(CENTIME))

    def en_dict(self) -> dict:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items()}


def chiffres() -> dict[str, list[Ligne]]:
    dotations = dict(
        Enveloppe.objects.filter(nature=NatureEnveloppe.AXE).values_list("axe", "montant")
    )
    engages = dict(
        Engagement.objects.values("enveloppe__axe")
        .annotate(total=_somme("montant"))
        .values_list("enveloppe__axe", "total")
    )
    verses = dict(
        Subvention.objects.values("axe")
        .annotate(total=_somme("montant_verse"))
        .values_list("axe", "total")
    )
    axes = [
        Ligne(
            niveau="axe",
            code=axe.value,
            libelle=axe.label,
            dotation=dotations.get(axe, ZERO),
            engage=engages.get(axe, ZERO),
            verse=verses.get(axe, ZERO),
            disponible=dotations.get(axe, ZERO) - engages.get(axe, ZERO),
        )
        for axe in Axe
    ]

    enveloppes = [
        Ligne(
            niveau="enveloppe",
            code=str(e["uuid"]),
            libelle=f"{e['nom']} ({Axe(e['axe']).label.split(' —')[0]})",
            dotation=e["montant"],
            engage=e["montant_engage"],
            verse=e["verse"],
            disponible=e["montant"] - e["montant_delegue"] - e["montant_engage"],
        )
        for e in Enveloppe.objects.exclude(nature__in=[NatureEnveloppe.FONDS, NatureEnveloppe.AXE])
        .values("uuid", "nom", "axe", "montant", "montant_delegue", "montant_engage")
        .annotate(verse=_somme("subventions__montant_verse"))
        .order_by("axe", "nom")
    ]

    return {
        "axes": axes,
        "enveloppes": enveloppes,
        "regions": _par_territoire("region", NatureEnveloppe.REGION),
        "departements": _par_territoire("departement", NatureEnveloppe.DEPARTEMENT),
    }


def _par_territoire(territoire: str, nature: str) -> list[Ligne]:
    """Dotation et disponible des enveloppes territoriales (axe 3) ; engagé et versé de toutes
    les subventions des collectivités du territoire, tous axes confondus."""
    code, nom = f"{territoire}__code", f"{territoire}__nom"
    enveloppes = {
        e[code]: e
        for e in Enveloppe.objects.filter(**{f"{territoire}__isnull": False})
        .values(code, nom)
        .annotate(
            dotation=_dotation(nature),
            disponible=_somme(F("montant") - F("montant_delegue") - F("montant_engage")),
        )
    }
    subventions = {
        s[code]: s
        for s in Subvention.objects.filter(**{f"{territoire}__isnull": False})
        .values(code, nom)
        .annotate(engage=_somme("engagement__montant"), verse=_somme("montant_verse"))
    }
    lignes = []
    for c in sorted(set(enveloppes) | set(subventions)):
        e, s = enveloppes.get(c, {}), subventions.get(c, {})
        lignes.append(
            Ligne(
                niveau=territoire,
                code=c,
                libelle=(e or s)[nom],
                dotation=e.get("dotation"),
                engage=s.get("engage", ZERO),
                verse=s.get("verse", ZERO),
                disponible=e.get("disponible"),
            )
        )
    return lignes


def _dotation(nature: str):
    """Somme des montants des seules enveloppes de la nature du territoire (pas leurs filles)."""
    return _somme(Case(When(nature=nature, then=F("montant")), default=Value(ZERO)))


def barres(lignes: list[Ligne], largeur: int = 600) -> list[dict]:
    """Géométrie d'un graphique en barres SVG (dotation, engagé, versé) calculée côté serveur."""
    maximum = max([ligne.dotation or ZERO for ligne in lignes] + [Decimal(1)])
    resultat = []
    for i, ligne in enumerate(lignes):
        y = i * 90
        mesures = []
        for j, (nom, valeur, couleur) in enumerate(
            [
                ("Dotation", ligne.dotation or ZERO, "#000091"),
                ("Engagé", ligne.engage, "#E1000F"),
                ("Versé", ligne.verse, "#18753C"),
            ]
        ):
            mesures.append(
                {
                    "nom": nom,
                    "valeur": valeur,
                    "couleur": couleur,
                    "y": y + 22 + j * 20,
                    "largeur": int(largeur * valeur / maximum),
                }
            )
        resultat.append({"ligne": ligne, "y": y + 14, "mesures": mesures})
    return resultat
