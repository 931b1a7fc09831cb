"""Les sources du registre, toutes ramenées au même format compact en mémoire.

Format (celui du fichier livré `data/registre.json.gz`, clés courtes) :

    {
      "m": {"source": ..., "version": ..., "millesime": ..., "licence": ...},
      "r": [[code, nom], ...],                                   # régions
      "d": [[code, nom, code_region, tncc], ...],                # départements
      "c": [[code, nom, siren, code_dep, code_reg, population, "cp cp"], ...],  # communes
      "e": [[siren, nom, type, [code_insee, ...], population], ...],  # EPCI (facultatif)
    }

La population d'un EPCI est celle que donne la source (population municipale de l'EPCI) ;
absente (fichier plus ancien, `None`), elle est la somme des populations de ses communes.

`None` pour un SIREN, une population ou des codes postaux signifie « inconnu » : le
chargement garde alors la valeur déjà en base. Sans clé « e », les EPCI ne sont pas touchés.
"""

import csv
import gzip
import io
import json
from pathlib import Path

#: Zones retenues pour les régions et départements (les collectivités d'outre-mer du
#: fichier Etalab — Polynésie, Nouvelle-Calédonie… — ne sont ni des régions ni des
#: départements ; leurs communes sont chargées sans territoire de rattachement).
ZONES_TERRITOIRES = {"metro", "drom"}


def construire_depuis_etalab(dossier: Path, *, millesime: str) -> dict:
    """Lit le dossier `data/` du paquet npm @etalab/decoupage-administratif."""
    dossier = Path(dossier)

    def lire(nom):
        with open(dossier / nom, encoding="utf-8") as fichier:
            return json.load(fichier)

    version = None
    paquet = dossier.parent / "package.json"
    if paquet.exists():
        version = json.loads(paquet.read_text(encoding="utf-8")).get("version")

    regions = [
        [r["code"], r["nom"]] for r in lire("regions.json") if r["zone"] in ZONES_TERRITOIRES
    ]
    departements = [
        [d["code"], d["nom"], d["region"], d.get("typeLiaison")]
        for d in lire("departements.json")
        if d["zone"] in ZONES_TERRITOIRES
    ]
    communes = [
        [
            c["code"],
            c["nom"],
            c.get("siren"),
            c.get("departement"),
            c.get("region"),
            c.get("population"),
            " ".join(c.get("codesPostaux", [])),
        ]
        for c in lire("communes.json")
        if c["type"] == "commune-actuelle"
    ]
    epci = [
        [
            e["code"],
            e["nom"],
            e["type"],
            [m["code"] for m in e["membres"]],
            e.get("populationMunicipale"),
        ]
        for e in lire("epci.json")
    ]
    return {
        "m": {
            "source": "@etalab/decoupage-administratif",
            "version": version,
            "millesime": millesime,
            "licence": "MIT",
        },
        "r": regions,
        "d": departements,
        "c": communes,
        "e": epci,
    }


def ecrire_fichier(donnees: dict, chemin: Path) -> None:
    """Écrit le fichier compact, reproductible (pas de date dans l'en-tête gzip)."""
    contenu = json.dumps(donnees, ensure_ascii=False, separators=(",", ":")).encode()
    with (
        open(chemin, "wb") as brut,
        gzip.GzipFile(filename="", mode="wb", fileobj=brut, mtime=0, compresslevel=9) as fichier,
    ):
        fichier.write(contenu)


def lire_fichier(chemin: Path) -> dict:
    with gzip.open(chemin, "rt", encoding="utf-8") as fichier:
        return json.load(fichier)


def _lire_csv(chemin: Path) -> list[dict]:
    texte = Path(chemin).read_text(encoding="utf-8-sig")
    dialecte = csv.Sniffer().sniff(texte.split("\n", 1)[0], delimiters=",;\t")
    return list(csv.DictReader(io.StringIO(texte), dialect=dialecte))


def _entier(valeur: str | None) -> int | None:
    if valeur is None or not valeur.strip():
        return None
    return int(float(valeur.replace(" ", "").replace(",", ".")))


def lire_cog(
    *, regions: Path, departements: Path, communes: Path, populations: Path | None = None
) -> dict:
    """Lit les fichiers du Code officiel géographique (INSEE) et un fichier de populations.

    Colonnes attendues (séparateur virgule, point-virgule ou tabulation ; UTF-8) :
    - `v_region_AAAA.csv` : REG, TNCC, LIBELLE (les autres colonnes sont ignorées) ;
    - `v_departement_AAAA.csv` : DEP, REG, TNCC, LIBELLE ;
    - `v_commune_AAAA.csv` : TYPECOM, COM, REG, DEP, LIBELLE ; seules les lignes
      TYPECOM = COM (communes actuelles) sont retenues ;
    - populations : COM (code INSEE de la commune) et PMUN (population municipale),
      ou DEP + CODCOM (code à 3 chiffres) à la place de COM.

    Le COG ne donne ni SIREN, ni codes postaux, ni EPCI : ceux déjà en base sont gardés.
    """
    lignes_regions = _lire_csv(regions)
    codes_regions = {ligne["REG"] for ligne in lignes_regions}
    population_par_commune = {}
    if populations:
        for ligne in _lire_csv(populations):
            code = ligne.get("COM", "")
            if not (len(code) == 5 and code[:2].isalnum()):
                code = ligne.get("DEP", "") + ligne.get("CODCOM", "")
            population_par_commune[code] = _entier(ligne.get("PMUN"))
    return {
        "m": {"source": "Code officiel géographique (INSEE)", "licence": "Licence Ouverte 2.0"},
        "r": [[ligne["REG"], ligne["LIBELLE"]] for ligne in lignes_regions],
        "d": [
            [ligne["DEP"], ligne["LIBELLE"], ligne["REG"], _entier(ligne.get("TNCC"))]
            for ligne in _lire_csv(departements)
            if ligne["REG"] in codes_regions
        ],
        "c": [
            [
                ligne["COM"],
                ligne["LIBELLE"],
                None,
                ligne["DEP"],
                ligne["REG"],
                population_par_commune.get(ligne["COM"]),
                None,
            ]
            for ligne in _lire_csv(communes)
            if ligne["TYPECOM"] == "COM"
        ],
    }
