"""Qui peut déposer à un guichet : une seule fonction, qui s'explique avec les chiffres.

`eligibilite(guichet, collectivite)` lit les règles que porte le guichet (territoire de la
préfecture, natures admises, plancher de population avec sa marge visible, plafond,
couverture d'un département, ouverture) et la collectivité telle que le registre la donne.
Elle sert l'orientation, la page du guichet avant toute saisie, la création du brouillon et
le dépôt : aucune autre règle d'éligibilité n'existe ailleurs.

Populations : celle du registre (`Collectivite.population`), c'est-à-dire pour un EPCI la
population municipale que lui donne la source et, pour un groupement créé dans le portail
(syndicat mixte, GIP…), la somme de ses membres (`collectivites.services`). Un groupement
couvre un département si l'un de ses membres est un département, une région ou une
collectivité à statut particulier.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from fonds.collectivites.enums import NATURES_GROUPEMENT, Nature
from fonds.collectivites.models import Collectivite

from .enums import CouvertureDepartement

#: Natures qui couvrent à elles seules au moins un département.
NATURES_DEPARTEMENTALES = (Nature.REGION, Nature.DEPARTEMENT, Nature.STATUT_PARTICULIER)


@dataclass(frozen=True)
class Eligibilite:
    """Le verdict : `ok`, et ses raisons. Refusé, `raisons` sont les règles qui excluent la
    collectivité ; admis, les règles du guichet qu'elle remplit."""

    ok: bool
    raisons: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.ok


def habitants(nombre: int) -> str:
    """500703 → « 500 703 »."""
    return f"{nombre:,}".replace(",", " ")


def avec_couverture(collectivites: QuerySet) -> QuerySet:
    """Ajoute à chaque collectivité si un de ses membres couvre un département : le verdict
    d'une liste de collectivités se lit alors sans requête par collectivité."""
    return collectivites.annotate(
        membre_departemental=Exists(
            Collectivite.objects.filter(
                groupements=OuterRef("pk"), nature__in=NATURES_DEPARTEMENTALES
            )
        )
    )


def couvre_un_departement(collectivite: Collectivite) -> bool:
    if collectivite.nature in NATURES_DEPARTEMENTALES:
        return True
    if collectivite.nature not in NATURES_GROUPEMENT:
        return False
    annote = getattr(collectivite, "membre_departemental", None)
    if annote is not None:
        return annote
    return collectivite.membres.filter(nature__in=NATURES_DEPARTEMENTALES).exists()


def plancher_effectif(guichet) -> int | None:
    """Le plancher de population moins la marge du guichet (arrondi au supérieur)."""
    if guichet.population_min is None:
        return None
    return math.ceil(guichet.population_min * (100 - guichet.marge_population) / 100)


def _nature(code: str) -> str:
    """« Commune » → « commune » ; « EPCI à fiscalité propre » garde son sigle."""
    libelle = str(Nature(code).label)
    return libelle if libelle[:2].isupper() else libelle[0].lower() + libelle[1:]


def _libelle_natures(codes) -> str:
    return ", ".join(_nature(code) for code in codes if code in Nature.values)


def _date(moment) -> str:
    """« 1er janvier 2027 à 16:07 »."""
    texte = date_format(timezone.localtime(moment), "j F Y à H:i")
    return "1er" + texte[1:] if texte.startswith("1 ") else texte


def _ouverture(guichet, maintenant) -> str | None:
    if guichet.est_ouvert(maintenant):
        return None
    if guichet.ouverture > maintenant:
        return (
            "Ce guichet n'accepte pas de dossier en ce moment : il ouvre le "
            f"{_date(guichet.ouverture)}."
        )
    return (
        "Ce guichet n'accepte pas de dossier en ce moment : il est clos depuis le "
        f"{_date(guichet.cloture)}."
    )


#: Les deux territoires d'un guichet de préfecture : attribut, « du … », « rattachée au … ».
_TERRITOIRES = (
    ("departement", "le département", "du département", "au département", "aucun département"),
    ("region", "la région", "de la région", "à la région", "aucune région"),
)


def _territoire(guichet, collectivite) -> tuple[bool, str] | None:
    for attribut, le, du, au, aucun in _TERRITOIRES:
        if not getattr(guichet, f"{attribut}_id"):
            continue
        territoire, nom = getattr(guichet, attribut), collectivite.nom
        if getattr(collectivite, f"{attribut}_id") == getattr(guichet, f"{attribut}_id"):
            return True, f"{nom} est dans {le} du guichet : {territoire}."
        ailleurs = (
            f"est rattachée {au} {getattr(collectivite, attribut)}"
            if getattr(collectivite, f"{attribut}_id")
            else f"n'est rattachée à {aucun}"
        )
        return (
            False,
            f"Ce guichet ne reçoit que les collectivités {du} {territoire} ; {nom} {ailleurs}.",
        )
    return None


def hors_territoire(guichet, collectivite) -> bool:
    """Le guichet d'une préfecture d'un autre territoire : il ne concerne pas la
    collectivité (l'orientation ne le montre pas)."""
    territoire = _territoire(guichet, collectivite)
    return territoire is not None and not territoire[0]


def _population(guichet, collectivite) -> list[tuple[bool, str]]:
    nom, population = collectivite.nom, collectivite.population
    verdicts: list[tuple[bool, str]] = []
    regle = guichet.couverture_departement
    couvre = couvre_un_departement(collectivite) if regle else False
    if regle == CouvertureDepartement.EXIGEE:
        verdicts.append(
            (True, f"{nom} couvre au moins un département.")
            if couvre
            else (False, f"{nom} ne couvre aucun département, ce que le guichet exige.")
        )
    mini = guichet.population_min
    if mini is not None:
        if regle == CouvertureDepartement.SUFFIT and couvre:
            verdicts.append(
                (True, f"{nom} couvre au moins un département : cela suffit à ce guichet.")
            )
        elif population is None:
            verdicts.append(
                (
                    False,
                    f"La population de {nom} est inconnue du registre : le plancher de "
                    f"{habitants(mini)} habitants ne peut être vérifié.",
                )
            )
        elif population >= mini:
            verdicts.append(
                (True, f"{nom} : {habitants(population)} habitants ≥ {habitants(mini)}.")
            )
        else:
            seuil, marge = plancher_effectif(guichet), guichet.marge_population
            if population >= seuil:
                verdicts.append(
                    (
                        True,
                        f"{nom} : {habitants(population)} habitants, sous le plancher de "
                        f"{habitants(mini)} mais dans la marge de {marge} % que le guichet "
                        f"admet (au moins {habitants(seuil)}).",
                    )
                )
            else:
                texte = f"{nom} : {habitants(population)} habitants < {habitants(seuil)}"
                if marge:
                    texte += f" (plancher de {habitants(mini)} moins la marge de {marge} %)"
                if regle == CouvertureDepartement.SUFFIT:
                    texte += " et ne couvre aucun département"
                verdicts.append((False, texte + "."))
    maxi = guichet.population_max
    if maxi is not None:
        if population is None:
            verdicts.append(
                (
                    False,
                    f"La population de {nom} est inconnue du registre : le plafond de "
                    f"{habitants(maxi)} habitants ne peut être vérifié.",
                )
            )
        elif population > maxi:
            verdicts.append(
                (
                    False,
                    f"{nom} : {habitants(population)} habitants > {habitants(maxi)}, plafond de "
                    "population du guichet.",
                )
            )
        else:
            verdicts.append(
                (
                    True,
                    f"{nom} : {habitants(population)} habitants ≤ {habitants(maxi)}, plafond "
                    "du guichet.",
                )
            )
    return verdicts


def eligibilite(guichet, collectivite, *, ouverture: bool = True, maintenant=None) -> Eligibilite:
    """La collectivité peut-elle déposer à ce guichet ? Chaque règle du guichet dit pourquoi,
    avec les chiffres. `ouverture=False` ne regarde pas les dates (une réponse à une demande
    de compléments reste possible après la clôture)."""
    maintenant = maintenant or timezone.now()
    verdicts: list[tuple[bool, str]] = []
    if ouverture:
        ferme = _ouverture(guichet, maintenant)
        if ferme:
            verdicts.append((False, ferme))
    territoire = _territoire(guichet, collectivite)
    if territoire:
        verdicts.append(territoire)
    if guichet.natures_eligibles:
        nature = _nature(collectivite.nature)
        if collectivite.nature in guichet.natures_eligibles:
            verdicts.append(
                (True, f"{collectivite.nom} ({nature}) fait partie des demandeurs admis.")
            )
        else:
            verdicts.append(
                (
                    False,
                    f"Ce guichet est ouvert aux demandeurs suivants : "
                    f"{_libelle_natures(guichet.natures_eligibles)} ; {collectivite.nom} est : "
                    f"{nature}.",
                )
            )
    verdicts.extend(_population(guichet, collectivite))
    refus = [texte for ok, texte in verdicts if not ok]
    if refus:
        return Eligibilite(ok=False, raisons=refus)
    admis = [texte for _ok, texte in verdicts] or [
        f"Ce guichet est ouvert à toute collectivité ou groupement : {collectivite.nom} peut y "
        "déposer."
    ]
    return Eligibilite(ok=True, raisons=admis)


def _euros(montant) -> str:
    entier = montant == montant.to_integral_value()
    texte = f"{montant:,.0f}" if entier else f"{montant:,.2f}".replace(".", "·")
    return texte.replace(",", " ").replace("·", ",") + " €"


def regles_en_clair(guichet) -> dict[str, list[str]]:
    """Les règles du guichet en français simple, pour sa page publique : qui, combien,
    jusqu'à quand."""
    qui: list[str] = []
    if guichet.departement_id:
        qui.append(f"Les collectivités du département {guichet.departement}.")
    elif guichet.region_id:
        qui.append(f"Les collectivités de la région {guichet.region}.")
    if guichet.natures_eligibles:
        qui.append(f"Demandeurs admis : {_libelle_natures(guichet.natures_eligibles)}.")
    else:
        qui.append("Toute collectivité ou groupement de collectivités.")
    mini, maxi, marge = guichet.population_min, guichet.population_max, guichet.marge_population
    regle = guichet.couverture_departement
    if regle == CouvertureDepartement.EXIGEE:
        qui.append("Le demandeur doit couvrir au moins un département.")
    if mini is not None:
        plancher = f"au moins {habitants(mini)} habitants"
        if marge:
            seuil = habitants(plancher_effectif(guichet))
            plancher += f" (environ : la marge admise est de {marge} %, soit {seuil})"
        qui.append(
            f"Couvrir au moins un département, ou compter {plancher}."
            if regle == CouvertureDepartement.SUFFIT
            else f"Compter {plancher}."
        )
    if maxi is not None:
        qui.append(f"Compter au plus {habitants(maxi)} habitants.")
    combien: list[str] = []
    if guichet.montant_forfaitaire is not None:
        combien.append(f"Un forfait de {_euros(guichet.montant_forfaitaire)} par subvention.")
    if guichet.taux_max is not None:
        taux = f"{guichet.taux_max.normalize():f}".replace(".", ",")
        combien.append(f"Au plus {taux} % des dépenses éligibles.")
    if guichet.montant_max is not None:
        combien.append(f"Au plus {_euros(guichet.montant_max)} par subvention.")
    if guichet.plafond_par_beneficiaire is not None:
        n = guichet.plafond_par_beneficiaire
        combien.append(f"Au plus {n} subvention{'s' if n > 1 else ''} par bénéficiaire.")
    if guichet.plafond_par_categorie is not None:
        n = guichet.plafond_par_categorie
        libelles = ", ".join(libelle for _code, libelle in guichet.categories)
        combien.append(
            f"Au plus {n} subvention{'s' if n > 1 else ''} par bénéficiaire et par catégorie "
            f"({libelles})."
        )
    if guichet.enveloppe_id:
        combien.append("Dans la limite de l'enveloppe du guichet.")
    quand = [f"Dépôts ouverts à partir du {_date(guichet.ouverture)}."]
    quand.append(
        f"Jusqu'au {_date(guichet.cloture)}."
        if guichet.cloture
        else "Ouvert en continu, sans date de clôture."
    )
    return {"qui": qui, "combien": combien, "quand": quand}
