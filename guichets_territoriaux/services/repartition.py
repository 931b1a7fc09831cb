"""L'enveloppe de l'axe 3 entre les régions, puis des régions à leurs départements.

Chaque changement d'argent est un mouvement du socle (`fonds.financement.services` :
`creer_enveloppe`, `deleguer`, `retourner`) : verrous, droits, historique et motif y sont.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.comptes import perms
from fonds.financement import services as argent
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.financement.models import Enveloppe
from fonds.financement.montants import en_euros, lire_montant


def enveloppe_axe3() -> Enveloppe:
    return Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_3)


def enveloppe_labs() -> Enveloppe | None:
    return Enveloppe.objects.filter(nature=NatureEnveloppe.LABS, axe=Axe.AXE_3).first()


def enveloppes_regionales(axe3: Enveloppe) -> dict[int, Enveloppe]:
    """L'enveloppe de chaque région (la première créée, s'il y en a plusieurs)."""
    par_region: dict[int, Enveloppe] = {}
    for e in (
        axe3.enfants.filter(nature=NatureEnveloppe.REGION).select_related("region").order_by("-pk")
    ):
        par_region[e.region_id] = e
    return par_region


def a_repartir(axe3: Enveloppe, regionales: dict[int, Enveloppe]) -> Decimal:
    """Ce que les régions se partagent : l'axe moins ce qui est engagé sur lui ou délégué à
    d'autres enveloppes que les régions (les labs)."""
    hors_regions = (
        axe3.enfants.exclude(pk__in=[e.pk for e in regionales.values()]).aggregate(
            s=Sum("montant")
        )["s"]
        or 0
    )
    return axe3.montant - axe3.montant_engage - hors_regions


def populations() -> dict[int, int]:
    """La population municipale de chaque région (somme de ses communes), en une requête."""
    lignes = (
        Collectivite.objects.filter(nature=Nature.COMMUNE, actif=True)
        .values("departement__region_id")
        .annotate(p=Sum("population"))
    )
    return {ligne["departement__region_id"]: ligne["p"] or 0 for ligne in lignes}


def proposer(regions: list[Region], total: Decimal) -> dict[int, Decimal]:
    """Au prorata de la population, à l'euro près ; le reste des arrondis à la plus peuplée.
    Sans population connue, à parts égales."""
    if not regions:
        return {}
    pop = populations()
    poids = {r.pk: Decimal(pop.get(r.pk, 0)) for r in regions}
    somme = sum(poids.values())
    if not somme:
        poids = dict.fromkeys(poids, Decimal(1))
        somme = Decimal(len(poids))
    parts = {
        pk: (total * p / somme).quantize(Decimal("1"), rounding=ROUND_DOWN)
        for pk, p in poids.items()
    }
    plus_grande = max(poids, key=lambda pk: (poids[pk], -pk))
    parts[plus_grande] += total - sum(parts.values())
    return parts


@dataclass
class Lecture:
    """Un CSV de répartition lu : les montants par région, les erreurs par ligne, les erreurs
    d'ensemble (région manquante, total qui ne tombe pas juste)."""

    montants: dict[int, Decimal] = field(default_factory=dict)
    erreurs_lignes: list[tuple[int, str]] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)
    total: Decimal = Decimal("0")

    @property
    def valide(self) -> bool:
        return not (self.erreurs_lignes or self.erreurs)


def lire_csv(texte: str, *, regions: list[Region], attendu: Decimal) -> Lecture:
    """`code_region;montant` (virgule ou point-virgule), une ligne d'en-tête facultative."""
    lecture = Lecture()
    par_code = {r.code: r for r in regions}
    # Toute fin de ligne (\r seul d'un vieux tableur compris) devient un saut de ligne.
    texte = "\n".join((texte or "").lstrip("\ufeff").splitlines())
    delimiteur = ";" if texte.count(";") >= texte.count(",") else ","
    try:
        lignes = list(csv.reader(io.StringIO(texte), delimiter=delimiteur))
    except csv.Error:
        lecture.erreurs.append(
            "Ce texte n'est pas un CSV lisible (un champ trop long ou des guillemets mal "
            "fermés) : une ligne par région, « code_region;montant »."
        )
        return lecture
    for numero, ligne in enumerate(lignes, 1):
        if not any(c.strip() for c in ligne):
            continue
        if numero == 1 and ligne[0].strip().lower() in {"region", "région", "code_region"}:
            continue
        if len(ligne) != 2:
            lecture.erreurs_lignes.append(
                (numero, "Deux colonnes attendues : le code de la région et le montant.")
            )
            continue
        code, valeur = ligne[0].strip(), ligne[1].strip()
        region = par_code.get(code)
        if region is None:
            lecture.erreurs_lignes.append((numero, f"Région inconnue : « {code[:20]} »."))
            continue
        if region.pk in lecture.montants:
            lecture.erreurs_lignes.append((numero, f"La région {region.nom} figure deux fois."))
            continue
        try:
            montant = lire_montant(valeur)
        except (ValidationError, ValueError, ArithmeticError):
            montant = None
        if montant is None or montant < 0 or montant != montant.quantize(Decimal("0.01")):
            lecture.erreurs_lignes.append(
                (numero, f"Montant illisible : « {valeur[:30]} » (par exemple 1250000,00).")
            )
            continue
        lecture.montants[region.pk] = montant
        lecture.total += montant
    if not lecture.erreurs_lignes:
        manquantes = [r.nom for r in regions if r.pk not in lecture.montants]
        if manquantes:
            lecture.erreurs.append(f"Régions manquantes : {', '.join(manquantes)}.")
        elif lecture.total != attendu:
            lecture.erreurs.append(
                f"Le total ({en_euros(lecture.total)}) ne tombe pas juste : il faut répartir "
                f"exactement {en_euros(attendu)}."
            )
    return lecture


@transaction.atomic
def repartir(*, montants: dict[int, Decimal], par, motif: str) -> None:
    """Donne à chaque région le montant voulu : d'abord les reprises (retours vers l'axe),
    puis les délégations, chacune un mouvement du socle."""
    perms.exiger(perms.est_administrateur(par), "Seul un administrateur répartit l'axe 3.")
    axe3 = enveloppe_axe3()
    regionales = enveloppes_regionales(axe3)
    regions = Region.objects.in_bulk(list(montants))
    ecarts = {
        pk: montant - (regionales[pk].montant if pk in regionales else 0)
        for pk, montant in montants.items()
    }
    for pk, ecart in sorted(ecarts.items()):
        if ecart < 0:
            argent.retourner(source=regionales[pk], montant=-ecart, motif=motif, par=par)
    for pk, ecart in sorted(ecarts.items()):
        if ecart <= 0:
            continue
        if pk in regionales:
            argent.deleguer(
                source=axe3, destination=regionales[pk], montant=ecart, motif=motif, par=par
            )
        else:
            argent.creer_enveloppe(
                parent=axe3,
                nom=f"Axe 3 — {regions[pk].nom}",
                nature=NatureEnveloppe.REGION,
                montant=ecart,
                motif=motif,
                par=par,
                region=regions[pk],
            )


def enveloppe_de_region(region: Region) -> Enveloppe | None:
    return (
        Enveloppe.objects.filter(nature=NatureEnveloppe.REGION, axe=Axe.AXE_3, region=region)
        .order_by("-pk")
        .first()
    )


def enveloppes_departementales(regionale: Enveloppe) -> list[Enveloppe]:
    return list(
        regionale.enfants.filter(nature=NatureEnveloppe.DEPARTEMENT)
        .select_related("departement")
        .order_by("departement__code", "pk")
    )


@transaction.atomic
def deleguer_au_departement(
    *, regionale: Enveloppe, departement: Departement, montant, motif: str, par
) -> Enveloppe:
    """La préfecture de région délègue à un de ses départements (l'enveloppe du département
    naît à la première délégation) ; jamais plus que ce que la région a de libre."""
    if departement.region_id != regionale.region_id:
        raise ValidationError(
            {"departement": f"{departement.nom} n'est pas dans la région de cette enveloppe."}
        )
    existante = regionale.enfants.filter(
        nature=NatureEnveloppe.DEPARTEMENT, departement=departement
    ).first()
    if existante is not None:
        argent.deleguer(
            source=regionale, destination=existante, montant=montant, motif=motif, par=par
        )
        return existante
    return argent.creer_enveloppe(
        parent=regionale,
        nom=f"Axe 3 — {departement.nom}",
        nature=NatureEnveloppe.DEPARTEMENT,
        montant=montant,
        motif=motif,
        par=par,
        departement=departement,
    )


@transaction.atomic
def reprendre(*, departementale: Enveloppe, montant, motif: str, par):
    """L'argent non utilisé d'un département revient à sa région (retour du socle)."""
    if departementale.nature != NatureEnveloppe.DEPARTEMENT:
        raise ValidationError({"enveloppe": "On ne reprend qu'à une enveloppe de département."})
    perms.exiger(
        perms.peut_gerer_enveloppe(par, departementale.parent),
        "Seule la préfecture de région reprend l'argent de ses départements.",
    )
    return argent.retourner(source=departementale, montant=montant, motif=motif, par=par)
