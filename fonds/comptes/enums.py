from django.db import models

from fonds.enums import Axe


class StatutAdhesion(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente de validation"
    VALIDEE = "validee", "Validée"
    REFUSEE = "refusee", "Refusée"
    RETIREE = "retiree", "Retirée"


class Fonction(models.TextChoices):
    AGENT = "agent", "Agent de la collectivité"
    ELU = "elu", "Élu ou élue"


class ModeValidation(models.TextChoices):
    MEMBRE = "membre", "Par un membre de la collectivité"
    ADMINISTRATEUR = "administrateur", "Par un administrateur du fonds"
    PREFECTURE = "prefecture", "Par la préfecture"
    PROCONNECT = "proconnect", "Automatiquement, par ProConnect (SIRET de la collectivité)"


class Role(models.TextChoices):
    INSTRUCTEUR = "instructeur", "Instructeur en préfecture"
    ANCT = "anct", "Agent de l'ANCT"
    DINUM = "dinum", "Agent de la DINUM"
    JURE = "jure", "Juré d'un appel à projets"
    PARTENAIRE = "partenaire", "Partenaire de la consultation"
    ADMINISTRATEUR = "administrateur", "Administrateur du fonds"


class SourceConflit(models.TextChoices):
    DECLARE = "declare", "Déclaré par la personne"
    PROPOSE = "propose", "Proposé par le portail, confirmé par la personne"


# Qui gère chaque axe du fonds (`fonds.enums.Axe`) : la seule table axe → rôle du portail.
# Les guichets (rôle de leurs instructeurs par défaut), les périmètres d'argent et les
# destinataires des notifications la lisent.
ROLE_DE_L_AXE: dict[str, str] = {
    Axe.AXE_1: Role.ANCT,
    Axe.AXE_2: Role.DINUM,
    Axe.AXE_3: Role.INSTRUCTEUR,
}
# Les rôles dont le périmètre est un territoire (région ou département).
ROLES_TERRITORIAUX = frozenset({Role.INSTRUCTEUR})
