"""Ce que les fichiers publics ne disent pas : SIREN des conseils régionaux et départementaux,
collectivités à statut particulier qui les remplacent, article des noms de départements.

SIREN repris de deux tables publiques indépendantes (dépôts open source qui les tirent du
répertoire SIRENE de l'INSEE) : chaque valeur est identique dans les deux et passe la clé de
Luhn. Ils ne sont pas revérifiés en ligne dans SIRENE : à contrôler à chaque millésime
(voir `data/SOURCE.md`).
"""

from ..enums import Nature

#: SIREN des conseils régionaux, par code INSEE de région.
SIREN_REGIONS = {
    "01": "239710015",  # Guadeloupe
    "04": "239740012",  # La Réunion
    "11": "237500079",  # Île-de-France
    "24": "234500023",  # Centre-Val de Loire
    "27": "200053726",  # Bourgogne-Franche-Comté
    "28": "200053403",  # Normandie
    "32": "200053742",  # Hauts-de-France
    "44": "200052264",  # Grand Est
    "52": "234400034",  # Pays de la Loire
    "53": "233500016",  # Bretagne
    "75": "200053759",  # Nouvelle-Aquitaine
    "76": "200053791",  # Occitanie
    "84": "200053767",  # Auvergne-Rhône-Alpes
    "93": "231300021",  # Provence-Alpes-Côte d'Azur
}

#: SIREN des conseils départementaux, par code INSEE de département.
SIREN_DEPARTEMENTS = {
    "01": "220100010",
    "02": "220200026",
    "03": "220300016",
    "04": "220400014",
    "05": "220500011",
    "06": "220600019",
    "07": "220700017",
    "08": "220800049",
    "09": "220900013",
    "10": "221000052",
    "11": "221100019",
    "12": "221200017",
    "13": "221300015",
    "14": "221401185",
    "15": "221500010",
    "16": "221600018",
    "17": "221700016",
    "18": "221800014",
    "19": "221927205",
    "21": "222100018",
    "22": "222200016",
    "23": "222309627",
    "24": "222400012",
    "25": "222500019",
    "26": "222600017",
    "27": "222702292",
    "28": "222800013",
    "29": "222900011",
    "30": "223000019",
    "31": "223100017",
    "32": "223200015",
    "33": "223300013",
    "34": "223400011",
    "35": "223500018",
    "36": "223600016",
    "37": "223700014",
    "38": "223800012",
    "39": "223900010",
    "40": "224000018",
    "41": "224100016",
    "42": "224200014",
    "43": "224300012",
    "44": "224400028",
    "45": "224500017",
    "46": "224600015",
    "47": "224700013",
    "48": "224800011",
    "49": "224900019",
    "50": "225005024",
    "51": "225100015",
    "52": "225200013",
    "53": "225300011",
    "54": "225400019",
    "55": "225500016",
    "56": "225600014",
    "57": "225700012",
    "58": "225800010",
    "59": "225900018",
    "60": "226000016",
    "61": "226100014",
    "62": "226200012",
    "63": "226300010",
    "64": "226400018",
    "65": "226500015",
    "66": "226600013",
    "69": "226900017",
    "70": "227000015",
    "71": "227100013",
    "72": "227200029",
    "73": "227300019",
    "74": "227400017",
    "76": "227605409",
    "77": "227700010",
    "78": "227806460",
    "79": "227900016",
    "80": "228000014",
    "81": "228100012",
    "82": "228200010",
    "83": "228300018",
    "84": "228400016",
    "85": "228500013",
    "86": "228600011",
    "87": "228708517",
    "88": "228800017",
    "89": "228900015",
    "90": "229000013",
    "91": "229102280",
    "92": "229200506",
    "93": "229300082",
    "94": "229400288",
    "95": "229501275",
    "971": "229710017",
    "974": "229740014",
}

#: Collectivités à statut particulier qui exercent les compétences d'une région et/ou de
#: départements à la place des conseils régionaux ou départementaux.
#: `code` : code INSEE retenu (code de la région, du département ou de la collectivité
#: territoriale à compétences départementales du COG pour l'Alsace).
STATUTS_PARTICULIERS = [
    {
        "code": "94",
        "nom": "Collectivité de Corse",
        "siren": "200076958",
        "region": "94",
        "departement": None,
        "departements": ["2A", "2B"],
    },
    {
        "code": "972",
        "nom": "Collectivité territoriale de Martinique",
        "siren": "200055507",
        "region": "02",
        "departement": "972",
        "departements": ["972"],
    },
    {
        "code": "973",
        "nom": "Collectivité territoriale de Guyane",
        "siren": "200052678",
        "region": "03",
        "departement": "973",
        "departements": ["973"],
    },
    {
        "code": "976",
        "nom": "Département de Mayotte",
        "siren": "229850003",
        "region": "06",
        "departement": "976",
        "departements": ["976"],
    },
    {
        "code": "6AE",
        "nom": "Collectivité européenne d'Alsace",
        "siren": "200094332",
        "region": "44",
        "departement": None,
        "departements": ["67", "68"],
    },
]

#: Régions sans conseil régional (remplacé par une collectivité à statut particulier).
REGIONS_SANS_CONSEIL = {"94", "02", "03", "06"}
#: Départements sans conseil départemental : remplacé par une collectivité à statut
#: particulier, ou exercé par la Ville de Paris (la commune 75056).
DEPARTEMENTS_SANS_CONSEIL = {"2A", "2B", "972", "973", "976", "67", "68", "75"}

#: Départements couverts par chaque collectivité à statut particulier (code → départements).
DEPARTEMENTS_DES_STATUTS_PARTICULIERS = {s["code"]: s["departements"] for s in STATUTS_PARTICULIERS}

#: Natures que le registre charge depuis les fichiers publics (les autres sont créées dans
#: le portail).
NATURES_REGISTRE = (
    Nature.REGION,
    Nature.DEPARTEMENT,
    Nature.COMMUNE,
    Nature.EPCI,
    Nature.STATUT_PARTICULIER,
)

# Type de nom en clair (TNCC) de l'INSEE → charnière après « Département ».
_CHARNIERES = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'"}


def nom_conseil_departemental(nom: str, tncc: int | None) -> str:
    """« Département de l'Ain », « Département du Nord », « Département des Landes »."""
    charniere = _CHARNIERES.get(tncc if tncc is not None else 0, "de ")
    if tncc in (2, 3, 4, 5):
        # Le nom porte déjà l'article (« Le Nord » n'existe pas, mais par sécurité).
        for article in ("Le ", "La ", "Les ", "L'"):
            if nom.startswith(article):
                nom = nom[len(article) :]
    return f"Département {charniere}{nom}"


def nom_conseil_regional(nom: str) -> str:
    return f"Région {nom}"
