from django.db import models


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
