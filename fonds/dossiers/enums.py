from django.db import models

from fonds.enums import Axe  # noqa: F401 (réexportée : les axes sont ceux du socle)


class Etat(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    DEPOSE = "depose", "Déposé"
    EN_INSTRUCTION = "en_instruction", "En instruction"
    ACCEPTE = "accepte", "Accepté"
    REFUSE = "refuse", "Refusé"
    CLASSE_SANS_SUITE = "classe_sans_suite", "Classé sans suite"


#: États où la décision est prise : plus rien ne change dans le dossier.
ETATS_DECIDES = (Etat.ACCEPTE, Etat.REFUSE, Etat.CLASSE_SANS_SUITE)
#: États que voient les agents (un brouillon n'appartient qu'à la collectivité).
ETATS_VISIBLES_AGENTS = (Etat.DEPOSE, Etat.EN_INSTRUCTION, *ETATS_DECIDES)


class TypePiece(models.TextChoices):
    DELIBERATION = "deliberation", "Délibération"
    BUDGET = "budget", "Budget prévisionnel"
    DEVIS = "devis", "Devis"
    AUTRE = "autre", "Autre pièce"
    MESSAGE = "message", "Pièce jointe à un message"


class StatutAnalyse(models.TextChoices):
    EN_ATTENTE = "en_attente", "Analyse antivirus en cours"
    SAINE = "saine", "Analysée, sans virus"
    INFECTEE = "infectee", "Virus détecté : fichier bloqué"
    NON_ANALYSEE = "non_analysee", "Non analysée (antivirus non configuré)"


class CouvertureDepartement(models.TextChoices):
    """Règle « couvre au moins un département » d'un guichet."""

    SANS_CONDITION = "", "Sans condition"
    EXIGEE = "exigee", "Couvrir au moins un département est exigé"
    SUFFIT = "suffit", "Couvrir au moins un département suffit (sinon, le plancher de population)"


class TypeProjet(models.TextChoices):
    """Ce que finance un guichet (`Guichet.types_projet`) : l'orientation y mène chaque
    projet."""

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


#: Ce que financent les guichets des préfectures (axe 3) : études et schémas directeurs,
#: accompagnement, formation, relation usager, services en ligne et dématérialisation,
#: cybersécurité, laboratoires d'innovation territoriale.
TYPES_PROJET_AXE_3 = (
    TypeProjet.DEMARCHES,
    TypeProjet.ETUDE,
    TypeProjet.ACCOMPAGNEMENT,
    TypeProjet.FORMATION,
    TypeProjet.RELATION_USAGER,
    TypeProjet.SERVICES_EN_LIGNE,
    TypeProjet.CYBERSECURITE,
    TypeProjet.LABORATOIRE,
)
