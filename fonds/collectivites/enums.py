from django.db import models


class Nature(models.TextChoices):
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "EPCI à fiscalité propre"
    STATUT_PARTICULIER = "statut_particulier", "Collectivité à statut particulier"
    SYNDICAT_MIXTE = "syndicat_mixte", "Syndicat mixte"
    GIP = "gip", "Groupement d'intérêt public (GIP)"
    SPL = "spl", "Société publique locale (SPL)"
    SCIC = "scic", "Société coopérative d'intérêt collectif (SCIC)"
    ASSOCIATION = "association", "Association de collectivités"
    AUTRE_GROUPEMENT = "autre_groupement", "Autre structure de mutualisation"


#: Natures créées dans le portail avec leurs membres
#: (« groupements / structures de mutualisation »).
NATURES_GROUPEMENT = (
    Nature.SYNDICAT_MIXTE,
    Nature.GIP,
    Nature.SPL,
    Nature.SCIC,
    Nature.ASSOCIATION,
    Nature.AUTRE_GROUPEMENT,
)

#: Natures dont la population est la somme de celle des membres.
NATURES_A_MEMBRES = (Nature.EPCI, *NATURES_GROUPEMENT)


class TypeEpci(models.TextChoices):
    CC = "CC", "Communauté de communes"
    CA = "CA", "Communauté d'agglomération"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
    MET69 = "MET69", "Métropole de Lyon"
