"""Chargement idempotent du registre en base : création, mise à jour par clé naturelle,
désactivation des disparus. Tout en mémoire, par lots (bulk_create / bulk_update)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from fonds import pages_en_cache

from ..enums import Nature
from ..models import Collectivite, Departement, Region
from ..recherche import normaliser
from .referentiel import (
    DEPARTEMENTS_SANS_CONSEIL,
    NATURES_REGISTRE,
    REGIONS_SANS_CONSEIL,
    SIREN_DEPARTEMENTS,
    SIREN_REGIONS,
    STATUTS_PARTICULIERS,
    nom_conseil_departemental,
    nom_conseil_regional,
)

TAILLE_LOT = 1000
CHAMPS = (
    "nom",
    "nom_recherche",
    "siren",
    "population",
    "codes_postaux",
    "type_epci",
    "departement_id",
    "region_id",
    "actif",
)


@dataclass
class Bilan:
    territoires_crees: int = 0
    territoires_modifies: int = 0
    crees: int = 0
    modifies: int = 0
    desactives: int = 0
    adhesions_epci_ajoutees: int = 0
    adhesions_epci_retirees: int = 0
    sirens_en_conflit: list = field(default_factory=list)

    @property
    def inchange(self) -> bool:
        return not (
            self.territoires_crees
            or self.territoires_modifies
            or self.crees
            or self.modifies
            or self.desactives
            or self.adhesions_epci_ajoutees
            or self.adhesions_epci_retirees
        )


def _cle(nature: str, code_insee: str, siren: str | None):
    """Clé naturelle : le SIREN pour un EPCI (il n'a pas de code INSEE), sinon le code INSEE."""
    return (nature, siren) if nature == Nature.EPCI else (nature, code_insee)


def _synchroniser_territoires(modele, lignes: dict[str, dict], bilan: Bilan) -> dict[str, int]:
    existants = {t.code: t for t in modele.objects.all()}
    a_creer, a_modifier = [], []
    for code, valeurs in lignes.items():
        territoire = existants.get(code)
        if territoire is None:
            a_creer.append(modele(code=code, **valeurs))
        elif any(getattr(territoire, k) != v for k, v in valeurs.items()):
            for k, v in valeurs.items():
                setattr(territoire, k, v)
            a_modifier.append(territoire)
    modele.objects.bulk_create(a_creer, batch_size=TAILLE_LOT)
    if a_modifier:
        modele.objects.bulk_update(a_modifier, list(valeurs), batch_size=TAILLE_LOT)
    bilan.territoires_crees += len(a_creer)
    bilan.territoires_modifies += len(a_modifier)
    return dict(modele.objects.values_list("code", "pk"))


def _collectivites_voulues(donnees: dict, regions: dict, departements: dict) -> dict:
    """Les collectivités décrites par la source, par clé naturelle (valeurs : champs)."""
    voulues = {}
    pop_commune, dep_commune = {}, {}
    pop_departement, pop_region = defaultdict(int), defaultdict(int)

    def ajouter(nature, code_insee, **champs):
        champs.setdefault("type_epci", "")
        champs.setdefault("codes_postaux", None)
        champs["nom_recherche"] = normaliser(champs["nom"])
        champs["actif"] = True
        voulues[_cle(nature, code_insee, champs["siren"])] = {
            "nature": nature,
            "code_insee": code_insee,
            **champs,
        }

    for code, nom, siren, dep, reg, population, codes_postaux in donnees["c"]:
        pop_commune[code] = population
        dep_commune[code] = dep
        if population:
            pop_departement[dep] += population
            pop_region[reg] += population
        ajouter(
            Nature.COMMUNE,
            code,
            nom=nom,
            siren=siren,
            population=population,
            codes_postaux=codes_postaux,
            departement_id=departements.get(dep),
            region_id=regions.get(reg),
        )

    for code, nom in donnees["r"]:
        if code not in REGIONS_SANS_CONSEIL:
            ajouter(
                Nature.REGION,
                code,
                nom=nom_conseil_regional(nom),
                siren=SIREN_REGIONS.get(code),
                population=pop_region.get(code, 0),
                departement_id=None,
                region_id=regions[code],
            )
    for code, nom, reg, tncc in donnees["d"]:
        if code not in DEPARTEMENTS_SANS_CONSEIL:
            ajouter(
                Nature.DEPARTEMENT,
                code,
                nom=nom_conseil_departemental(nom, tncc),
                siren=SIREN_DEPARTEMENTS.get(code),
                population=pop_departement.get(code, 0),
                departement_id=departements[code],
                region_id=regions[reg],
            )
    for statut in STATUTS_PARTICULIERS:
        if statut["region"] not in regions:
            continue
        ajouter(
            Nature.STATUT_PARTICULIER,
            statut["code"],
            nom=statut["nom"],
            siren=statut["siren"],
            population=sum(pop_departement.get(d, 0) for d in statut["departements"]),
            departement_id=departements.get(statut["departement"]),
            region_id=regions[statut["region"]],
        )

    membres_epci = {}
    dep_region = {code: reg for code, _nom, reg, _tncc in donnees["d"]}
    for siren, nom, type_epci, membres, *population_source in donnees.get("e", []):
        membres = [m for m in membres if m in pop_commune]
        plus_peuplee = max(membres, key=lambda m: pop_commune[m] or 0, default=None)
        dep = dep_commune.get(plus_peuplee)
        ajouter(
            Nature.EPCI,
            "",
            nom=nom,
            siren=siren,
            type_epci=type_epci,
            # La population que la source donne à l'EPCI ; à défaut, la somme des communes.
            population=(
                population_source[0]
                if population_source and population_source[0] is not None
                else sum(pop_commune[m] or 0 for m in membres)
            ),
            departement_id=departements.get(dep),
            region_id=regions.get(dep_region.get(dep)),
        )
        membres_epci[siren] = membres
    return voulues, membres_epci


def _desactiver(pks: list[int]) -> None:
    for debut in range(0, len(pks), TAILLE_LOT):
        Collectivite.objects.filter(pk__in=pks[debut : debut + TAILLE_LOT]).update(actif=False)


@transaction.atomic
def charger(donnees: dict) -> Bilan:
    """Charge (ou rafraîchit) le registre depuis des données au format de `sources.py`.

    Idempotent : un second chargement des mêmes données ne modifie rien. Les collectivités
    disparues de la source sont désactivées (`actif=False`), jamais supprimées. Les
    groupements créés dans le portail ne sont pas touchés.
    """
    bilan = Bilan()
    regions = _synchroniser_territoires(
        Region, {code: {"nom": nom} for code, nom in donnees["r"]}, bilan
    )
    departements = _synchroniser_territoires(
        Departement,
        {code: {"nom": nom, "region_id": regions[reg]} for code, nom, reg, _ in donnees["d"]},
        bilan,
    )
    voulues, membres_epci = _collectivites_voulues(donnees, regions, departements)
    natures = {Nature.REGION, Nature.DEPARTEMENT, Nature.COMMUNE, Nature.STATUT_PARTICULIER}
    if "e" in donnees:
        natures.add(Nature.EPCI)

    existantes = {}
    for ligne in Collectivite.objects.filter(nature__in=NATURES_REGISTRE).values(
        "pk", "nature", "code_insee", *CHAMPS
    ):
        existantes[_cle(ligne["nature"], ligne["code_insee"], ligne["siren"])] = ligne
    sirens_pris = dict(Collectivite.objects.exclude(siren=None).values_list("siren", "pk"))

    a_creer, a_modifier = [], []
    for cle, champs in voulues.items():
        existante = existantes.get(cle)
        # Valeur inconnue de la source : on garde celle de la base.
        for nom_champ in ("siren", "population", "codes_postaux"):
            if champs[nom_champ] is None:
                champs[nom_champ] = existante[nom_champ] if existante else None
        if champs["codes_postaux"] is None:
            champs["codes_postaux"] = ""
        pk = existante["pk"] if existante else None
        porteur = pk or cle
        siren = champs["siren"]
        if siren and sirens_pris.setdefault(siren, porteur) != porteur:
            # SIREN déjà porté par une autre collectivité (un groupement saisi à tort ?).
            bilan.sirens_en_conflit.append(siren)
            champs["siren"] = existante["siren"] if existante else None
        if existante is None:
            a_creer.append(Collectivite(**champs))
        elif any(existante[k] != champs[k] for k in CHAMPS):
            a_modifier.append(Collectivite(pk=pk, **champs))

    Collectivite.objects.bulk_create(a_creer, batch_size=TAILLE_LOT)
    Collectivite.objects.bulk_update(a_modifier, CHAMPS, batch_size=TAILLE_LOT)
    bilan.crees, bilan.modifies = len(a_creer), len(a_modifier)

    disparues = [
        ligne["pk"]
        for cle, ligne in existantes.items()
        if cle not in voulues and ligne["nature"] in natures and ligne["actif"]
    ]
    _desactiver(disparues)
    bilan.desactives = len(disparues)

    if "e" in donnees:
        _synchroniser_membres_epci(membres_epci, bilan)
    # Les noms et les populations se lisent sur toutes les pages : aucune page gardée ne sert.
    transaction.on_commit(pages_en_cache.tout_renouveler)
    return bilan


def _synchroniser_membres_epci(membres_epci: dict[str, list[str]], bilan: Bilan) -> None:
    pk_commune, pk_epci = {}, {}
    for pk, nature, code_insee, siren in Collectivite.objects.filter(
        nature__in=(Nature.COMMUNE, Nature.EPCI)
    ).values_list("pk", "nature", "code_insee", "siren"):
        if nature == Nature.COMMUNE:
            pk_commune[code_insee] = pk
        else:
            pk_epci[siren] = pk
    voulus = {
        (pk_epci[siren], pk_commune[code])
        for siren, membres in membres_epci.items()
        for code in membres
    }
    Lien = Collectivite.membres.through
    # Sans jointure (lente sur SQLite) : on lit tous les liens et on trie en mémoire.
    communes = set(pk_commune.values())
    existants = {
        (de, vers): pk
        for pk, de, vers in Lien.objects.values_list(
            "pk", "from_collectivite_id", "to_collectivite_id"
        )
        if vers in communes
    }
    # Les EPCI absents de la source (désactivés) gardent leurs membres.
    epci_source = {pk_epci[s] for s in membres_epci}
    a_retirer = [
        pk for (de, vers), pk in existants.items() if de in epci_source and (de, vers) not in voulus
    ]
    a_ajouter = [
        Lien(from_collectivite_id=de, to_collectivite_id=vers)
        for de, vers in voulus
        if (de, vers) not in existants
    ]
    Lien.objects.bulk_create(a_ajouter, batch_size=TAILLE_LOT * 5)
    for debut in range(0, len(a_retirer), TAILLE_LOT):
        Lien.objects.filter(pk__in=a_retirer[debut : debut + TAILLE_LOT]).delete()
    bilan.adhesions_epci_ajoutees, bilan.adhesions_epci_retirees = len(a_ajouter), len(a_retirer)
