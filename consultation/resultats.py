"""Les résultats d'un tour : soutiens par besoin consolidé (et par proposition seule), par
taille, par nature et par région des collectivités, et la population qu'elles couvrent. Tout
s'agrège sur la table des soutiens (qui garde la collectivité au moment du vote) : deux
requêtes pour le tableau, quel que soit le nombre de soutiens."""

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Q, Sum, Value, When

from fonds.collectivites.enums import Nature

from .enums import BORNES_TAILLE, Taille
from .models import BesoinConsolide, Proposition, Soutien

NATURES = (
    (Nature.COMMUNE, "Communes"),
    (Nature.EPCI, "EPCI"),
    (Nature.DEPARTEMENT, "Départements"),
    (Nature.REGION, "Régions"),
)


def _cas_taille():
    """La taille de la collectivité d'un soutien, calculée par la base (une colonne)."""
    cas = []
    for t in Taille:
        bas, haut = BORNES_TAILLE[t]
        q = Q(population__gte=bas)
        if haut is not None:
            q &= Q(population__lt=haut)
        cas.append(When(q, then=Value(t.value)))
    return Case(*cas, default=Value(Taille.PETITE.value), output_field=CharField())


def _agreger(soutiens) -> dict:
    """Une requête groupée par cible, nature et taille (quelques milliers de lignes au plus),
    réduite ensuite par cible : plus rapide que dix comptes filtrés sur 100 000 soutiens."""
    lignes = (
        soutiens.annotate(taille=_cas_taille())
        .values("groupe_id", "proposition_id", "nature", "taille")
        .annotate(n=Count("pk"), habitants=Sum("population"))
        .order_by()
    )
    par_cible: dict = {}
    for ligne in lignes:
        cle = (ligne["groupe_id"], ligne["proposition_id"])
        a = par_cible.setdefault(cle, dict.fromkeys(AGREGATS, 0))
        a["total"] += ligne["n"]
        a["habitants"] += ligne["habitants"] or 0
        a[f"taille_{ligne['taille']}"] += ligne["n"]
        if f"nature_{ligne['nature']}" in a:
            a[f"nature_{ligne['nature']}"] += ligne["n"]
    return par_cible


AGREGATS = (
    "total",
    "habitants",
    *(f"taille_{t.value}" for t in Taille),
    *(f"nature_{n.value}" for n, _ in NATURES),
)


@dataclass
class Ligne:
    cible: object  # BesoinConsolide ou Proposition
    total: int
    population: int
    tailles: list = field(default_factory=list)  # (libellé, nombre, pourcentage)
    natures: list = field(default_factory=list)
    autres: int = 0

    @property
    def est_groupe(self) -> bool:
        return isinstance(self.cible, BesoinConsolide)

    @property
    def barres(self) -> list:
        """Le graphique : une barre par taille, largeur proportionnelle au plus grand nombre."""
        plus = max((n for _, n, _ in self.tailles), default=0) or 1
        return [
            {"libelle": lib, "nombre": n, "largeur": round(220 * n / plus), "y": 4 + i * 22}
            for i, (lib, n, _) in enumerate(self.tailles)
        ]


def _ligne(cible, agregat: dict) -> Ligne:
    total = agregat["total"] or 0
    tailles = []
    for t in Taille:
        n = agregat[f"taille_{t.value}"]
        tailles.append((t.label, n, round(100 * n / total) if total else 0))
    natures = [(lib, agregat[f"nature_{n.value}"]) for n, lib in NATURES]
    return Ligne(
        cible=cible,
        total=total,
        population=agregat["habitants"] or 0,
        tailles=tailles,
        natures=natures,
        autres=total - sum(n for _, n in natures),
    )


def lignes(tour, *, groupe=None) -> list[Ligne]:
    """Une ligne par cible soutenue (ou par groupe du tour), la plus soutenue d'abord."""
    soutiens = Soutien.objects.filter(tour=tour)
    if groupe is not None:
        soutiens = soutiens.filter(groupe=groupe)
    par_groupe, par_proposition = {}, {}
    for (groupe_id, proposition_id), a in _agreger(soutiens).items():
        if groupe_id:
            par_groupe[groupe_id] = a
        else:
            par_proposition[proposition_id] = a
    vide = dict.fromkeys(AGREGATS, 0)
    groupes = [groupe] if groupe is not None else list(BesoinConsolide.objects.filter(tour=tour))
    resultat = [_ligne(g, par_groupe.get(g.pk, vide)) for g in groupes]
    if groupe is None and par_proposition:
        for p in Proposition.objects.filter(pk__in=par_proposition).select_related("collectivite"):
            resultat.append(_ligne(p, par_proposition[p.pk]))
    resultat.sort(key=lambda ligne: (-ligne.total, str(ligne.cible.titre)))
    return resultat


def par_region(tour, *, groupe=None) -> list[dict]:
    """Soutiens et collectivités votantes par région."""
    soutiens = Soutien.objects.filter(tour=tour)
    if groupe is not None:
        soutiens = soutiens.filter(groupe=groupe)
    return list(
        soutiens.values("region__nom")
        .annotate(soutiens=Count("pk"), collectivites=Count("collectivite", distinct=True))
        .order_by("-soutiens", "region__nom")
    )


def chiffres(tour) -> dict:
    """Les chiffres d'ensemble : collectivités votantes, soutiens, population couverte."""
    from .models import Bulletin

    return Bulletin.objects.filter(tour=tour, nb_soutiens__gt=0).aggregate(
        collectivites=Count("pk"),
        soutiens=Sum("nb_soutiens"),
        population=Sum("collectivite__population"),
    )


def nom_version(tour_id: int) -> str:
    """La version des résultats d'un tour (`fonds.pages_en_cache`) : renouvelée après chaque
    vote, regroupement, estimation ou issue, le tableau partagé est alors rendu à nouveau."""
    return f"consultation-resultats-{tour_id}"


def renouveler_apres_validation(tour_id: int) -> None:
    from django.db import transaction

    from fonds import pages_en_cache

    transaction.on_commit(lambda: pages_en_cache.renouveler(nom_version(tour_id)))
