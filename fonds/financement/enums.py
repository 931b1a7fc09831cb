from django.db import models

from fonds.enums import Axe  # noqa: F401 (réexportée : les axes sont ceux du socle)


class NatureEnveloppe(models.TextChoices):
    FONDS = "fonds", "Fonds"
    AXE = "axe", "Axe"
    APPEL = "appel", "Appel à projets ou volet"
    GUICHET = "guichet", "Guichet"
    LABS = "labs", "Projets avec laboratoires d'innovation territoriale"
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"


class TypeMouvement(models.TextChoices):
    DOTATION_INITIALE = "dotation", "Dotation initiale"
    DELEGATION = "delegation", "Délégation"
    REDEPLOIEMENT = "redeploiement", "Redéploiement"
    RETOUR = "retour", "Retour de crédits non utilisés"


class StatutSubvention(models.TextChoices):
    A_CONVENTIONNER = "a_conventionner", "À conventionner"
    CONVENTION_EMISE = "convention_emise", "Convention émise"
    SIGNEE = "signee", "Convention signée"
    EN_PAIEMENT = "en_paiement", "En paiement"
    SOLDEE = "soldee", "Soldée"
    ANNULEE = "annulee", "Annulée"
    DECHUE = "dechue", "Déchue"


#: États dans lesquels l'engagement de la subvention est encore vivant et modifiable.
STATUTS_OUVERTS = (
    StatutSubvention.A_CONVENTIONNER,
    StatutSubvention.CONVENTION_EMISE,
    StatutSubvention.SIGNEE,
    StatutSubvention.EN_PAIEMENT,
)


class Contractualisation(models.TextChoices):
    CONVENTION = "convention", "Convention de financement ad hoc"
    CRTE = "crte", "Contrat de relance et de transition écologique (CRTE)"


class TypeVersement(models.TextChoices):
    AVANCE = "avance", "Avance"
    ACOMPTE = "acompte", "Acompte"
    SOLDE = "solde", "Solde"
