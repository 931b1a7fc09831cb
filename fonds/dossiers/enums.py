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
