"""« Je suis une collectivité… » : quel axe, quel guichet, et pourquoi.

Les règles viennent des cahiers des charges du fonds : les appels à projets nationaux (axe 2)
demandent de couvrir au moins un département ou environ 500 000 habitants ; les guichets des
préfectures (axe 3) sont pour les petites et moyennes collectivités ; un raccordement à
FranceConnect ou à une API nationale relève du guichet forfaitaire ; un besoin partagé par
beaucoup de collectivités relève de la consultation (axe 1).
"""

from dataclasses import dataclass, field

from django.db import models

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite

#: Seuil indicatif des appels à projets nationaux (« environ 500 000 habitants »).
SEUIL_APPELS_NATIONAUX = 500_000
#: En dessous de ce seuil, un candidat est trop loin de « environ 500 000 » pour l'axe 2.
SEUIL_PROCHE = 400_000
NATURES_DEPARTEMENTALES = (Nature.REGION, Nature.DEPARTEMENT, Nature.STATUT_PARTICULIER)


class TypeProjet(models.TextChoices):
    FRANCECONNECT_API = (
        "franceconnect_api",
        "Raccorder un service à FranceConnect ou à une API nationale (API Entreprise, "
        "API Impôt particulier…)",
    )
    BESOIN_COMMUN = (
        "besoin_commun",
        "Un besoin partagé par beaucoup de collectivités, ou un service existant à mutualiser",
    )
    DEMARCHES = "demarches", "Dématérialiser des démarches, de bout en bout et de qualité"
    DONNEE = "donnee", "Collecter, exploiter, ouvrir ou partager des données"
    ECOSYSTEMES = "ecosystemes", "Coopérer avec l'écosystème numérique local"
    ETUDE = "etude", "Étude, diagnostic de besoins ou de faisabilité, schéma directeur numérique"
    ACCOMPAGNEMENT = (
        "accompagnement",
        "Accompagnement par des prestataires spécialisés (design de service, technique, "
        "conduite du changement)",
    )
    FORMATION = "formation", "Formation et certification aux compétences numériques"
    RELATION_USAGER = (
        "relation_usager",
        "Relation usager omnicanale, plateforme téléphonique ou serveur vocal",
    )
    SERVICES_EN_LIGNE = (
        "services_en_ligne",
        "Services en ligne, dématérialisation d'une procédure locale",
    )
    CYBERSECURITE = "cybersecurite", "Cybersécurité"
    LABORATOIRE = "laboratoire", "Projet avec un laboratoire d'innovation territoriale"


VOLETS_NATIONAUX = {
    TypeProjet.DEMARCHES: "volet « dématérialisation de qualité des démarches »",
    TypeProjet.DONNEE: "volet « cycle de vie de la donnée »",
    TypeProjet.ECOSYSTEMES: "volet « coopération avec les écosystèmes locaux »",
}


@dataclass
class Orientation:
    axe: int
    guichet: str
    raisons: list[str] = field(default_factory=list)
    autres_pistes: list[str] = field(default_factory=list)


def couvre_un_departement(collectivite: Collectivite) -> bool:
    if collectivite.nature in NATURES_DEPARTEMENTALES:
        return True
    if collectivite.est_groupement:
        return collectivite.membres.filter(nature__in=NATURES_DEPARTEMENTALES).exists()
    return False


def eligible_appels_nationaux(collectivite: Collectivite) -> tuple[bool, str]:
    """Au moins un département ou environ 500 000 habitants (cahier des charges de l'axe 2)."""
    population = collectivite.population or 0
    if couvre_un_departement(collectivite):
        return True, f"{collectivite.nom} couvre au moins un département."
    if population >= SEUIL_APPELS_NATIONAUX:
        return True, f"{collectivite.nom} compte {population:_} habitants".replace("_", " ") + (
            ", au-delà des 500 000 demandés."
        )
    if population >= SEUIL_PROCHE:
        return True, (
            f"{collectivite.nom} compte {population:_} habitants".replace("_", " ")
            + ", proche des 500 000 demandés : la DINUM appréciera l'éligibilité."
        )
    return False, (
        f"Les appels à projets nationaux demandent de couvrir au moins un département ou "
        f"environ 500 000 habitants ; {collectivite.nom} en compte "
        f"{population:_}".replace("_", " ")
        + "."
    )


def _guichet_prefecture(collectivite: Collectivite) -> str:
    if collectivite.departement_id:
        return f"Guichet de la préfecture — {collectivite.departement}"
    if collectivite.region_id:
        return f"Guichet de la préfecture de région — {collectivite.region}"
    return "Guichet de la préfecture de votre territoire"


def orienter(*, collectivite: Collectivite, type_projet: str) -> Orientation:
    """Dit quel axe et quel guichet conviennent, avec les raisons, sans rien enregistrer."""
    type_projet = TypeProjet(type_projet)
    eligible_national, raison_nationale = eligible_appels_nationaux(collectivite)

    if type_projet == TypeProjet.FRANCECONNECT_API:
        return Orientation(
            axe=2,
            guichet="Guichet forfaitaire FranceConnect / API (axe 2)",
            raisons=[
                "Un raccordement à FranceConnect ou à une API nationale conforme au cahier des "
                "charges simplifié est financé automatiquement et tout de suite : 5 000 € "
                "forfaitaires par subvention.",
                "Au plus 2 subventions par collectivité ou structure de mutualisation : une "
                "pour FranceConnect, une pour une API nationale, dans la limite de l'enveloppe.",
                "Gardez à portée de main la référence de votre habilitation DataPass.",
            ],
        )

    if type_projet == TypeProjet.BESOIN_COMMUN:
        return Orientation(
            axe=1,
            guichet="Consultation de co-construction (axe 1, ANCT)",
            raisons=[
                "Un besoin partagé par beaucoup de collectivités se porte à la consultation : "
                "les collectivités proposent et votent, puis le comité de sélection finance le "
                "déploiement d'un service existant ou la construction d'un nouveau service.",
            ],
            autres_pistes=[
                "Si votre projet est propre à votre territoire, le guichet de votre préfecture "
                "(axe 3) ou les appels à projets nationaux (axe 2) peuvent convenir."
            ],
        )

    if type_projet in VOLETS_NATIONAUX and eligible_national:
        return Orientation(
            axe=2,
            guichet=(
                f"Appels à projets nationaux de la DINUM (axe 2), {VOLETS_NATIONAUX[type_projet]}"
            ),
            raisons=[
                raison_nationale,
                "L'État finance 50 % des dépenses d'investissement du projet, en une subvention.",
            ],
        )

    grande = eligible_national and (
        couvre_un_departement(collectivite)
        or (collectivite.population or 0) >= SEUIL_APPELS_NATIONAUX
    )
    if grande:
        pistes = [
            "Un besoin commun à d'autres collectivités peut aussi être porté à la consultation "
            "(axe 1)."
        ]
        return Orientation(
            axe=2,
            guichet="Appels à projets nationaux de la DINUM (axe 2)",
            raisons=[
                raison_nationale,
                "Les guichets des préfectures (axe 3) sont réservés aux petites et moyennes "
                "collectivités ; un projet de cette échelle relève des appels à projets "
                "nationaux s'il entre dans l'un de leurs trois volets.",
            ],
            autres_pistes=pistes,
        )

    raisons = [
        "Les guichets territoriaux des préfets financent les projets des petites et moyennes "
        "collectivités : études et schémas directeurs, accompagnement, formation, relation "
        "usager, services en ligne, cybersécurité, laboratoires d'innovation territoriale.",
    ]
    if type_projet in VOLETS_NATIONAUX:
        raisons.append(raison_nationale)
    if type_projet == TypeProjet.LABORATOIRE:
        raisons.append(
            "Une enveloppe nationale de 4 M€ est réservée aux projets menés avec un laboratoire "
            "d'innovation territoriale."
        )
    return Orientation(
        axe=3,
        guichet=_guichet_prefecture(collectivite),
        raisons=raisons,
        autres_pistes=[
            "La contractualisation se fait par le CRTE de votre territoire ou par une "
            "convention ad hoc.",
        ],
    )
