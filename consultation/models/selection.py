"""Le comité de sélection d'un tour : ses membres et leur qualité, leurs déports (conflits
d'intérêts), leurs avis, et la décision du comité sur chaque besoin consolidé ou proposition
restée seule (retenu avec une voie et un montant engagé sur l'enveloppe, ou non retenu)."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Qualite(models.TextChoices):
    ETAT = "etat", "État"
    COLLECTIVITE = "collectivite", "Collectivité"
    ASSOCIATION_ELUS = "association_elus", "Association d'élus"


class Voie(models.TextChoices):
    DEPLOYER = (
        "deployer",
        ("Déployer et pérenniser un service existant sous la gouvernance des collectivités"),
    )
    CONSTRUIRE = "construire", "Construire un service neuf à l'Incubateur des Territoires"
    OUVRIR = "ouvrir", "Ouvrir un service existant de l'État"


class IssueSelection(models.TextChoices):
    RETENU = "retenu", "Retenu"
    NON_RETENU = "non_retenu", "Non retenu"


class SensAvis(models.TextChoices):
    FAVORABLE = "favorable", "Favorable"
    RESERVE = "reserve", "Réservé"
    DEFAVORABLE = "defavorable", "Défavorable"


def _une_cible(nom: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(groupe__isnull=False) & Q(proposition__isnull=True))
        | (Q(groupe__isnull=True) & Q(proposition__isnull=False)),
        name=nom,
    )


def _cible(related: str):
    return (
        models.ForeignKey(
            "consultation.BesoinConsolide",
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name=related,
        ),
        models.ForeignKey(
            "consultation.Proposition",
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name=related,
        ),
    )


class MembreComite(models.Model):
    """Une personne du comité de sélection d'un tour, avec sa qualité. Membre d'une collectivité,
    elle est proposée comme déportée sur les besoins que sa collectivité a écrits, rejoints ou
    soutenus."""

    tour = models.ForeignKey(
        "consultation.Tour", on_delete=models.PROTECT, related_name="membres_comite"
    )
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comites"
    )
    qualite = models.CharField("qualité", max_length=20, choices=Qualite.choices)
    collectivite = models.ForeignKey(
        "collectivites.Collectivite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membres_comite",
    )
    organisation = models.CharField(max_length=200, blank=True)
    present = models.BooleanField("présent en séance", default=True)
    ajoute_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ajoute_le = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["qualite", "pk"]
        verbose_name = "membre du comité de sélection"
        verbose_name_plural = "membres du comité de sélection"
        constraints = [
            models.UniqueConstraint(fields=["tour", "personne"], name="comite_un_siege_par_tour")
        ]

    def __str__(self):
        return f"{self.personne} ({self.get_qualite_display()})"


class Deport(models.Model):
    """Un membre déporté sur un besoin : il le voit mais ne donne pas d'avis."""

    membre = models.ForeignKey(MembreComite, on_delete=models.CASCADE, related_name="deports")
    groupe, proposition = _cible("deports")
    automatique = models.BooleanField(default=False)
    motif = models.CharField(max_length=300)
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            _une_cible("deport_une_cible"),
            models.UniqueConstraint(
                fields=["membre", "groupe"],
                condition=Q(groupe__isnull=False),
                name="deport_un_par_groupe",
            ),
            models.UniqueConstraint(
                fields=["membre", "proposition"],
                condition=Q(proposition__isnull=False),
                name="deport_un_par_proposition",
            ),
        ]

    def __str__(self):
        return f"Déport {self.membre_id} → {self.groupe_id or self.proposition_id}"


class Avis(models.Model):
    """L'avis d'un membre du comité sur un besoin (un par membre, modifiable)."""

    membre = models.ForeignKey(MembreComite, on_delete=models.CASCADE, related_name="avis")
    groupe, proposition = _cible("avis_comite")
    sens = models.CharField(max_length=20, choices=SensAvis.choices)
    texte = models.TextField(blank=True)
    le = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "avis"
        constraints = [
            _une_cible("avis_une_cible"),
            models.UniqueConstraint(
                fields=["membre", "groupe"],
                condition=Q(groupe__isnull=False),
                name="avis_un_par_groupe",
            ),
            models.UniqueConstraint(
                fields=["membre", "proposition"],
                condition=Q(proposition__isnull=False),
                name="avis_un_par_proposition",
            ),
        ]

    def __str__(self):
        return f"Avis {self.membre_id} : {self.sens}"


class DecisionComite(models.Model):
    """La décision du comité sur un besoin : retenu (voie, montant engagé par le socle,
    motivation publiée) ou non retenu (motivation). Une par besoin."""

    tour = models.ForeignKey(
        "consultation.Tour", on_delete=models.PROTECT, related_name="decisions_comite"
    )
    groupe, proposition = _cible("decisions_comite")
    issue = models.CharField(max_length=20, choices=IssueSelection.choices)
    voie = models.CharField(max_length=20, choices=Voie.choices, blank=True)
    engagement = models.OneToOneField(
        "financement.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_comite",
    )
    motivation = models.TextField()
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["le", "pk"]
        verbose_name = "décision du comité de sélection"
        verbose_name_plural = "décisions du comité de sélection"
        constraints = [
            _une_cible("decision_une_cible"),
            models.UniqueConstraint(
                fields=["groupe"], condition=Q(groupe__isnull=False), name="decision_un_par_groupe"
            ),
            models.UniqueConstraint(
                fields=["proposition"],
                condition=Q(proposition__isnull=False),
                name="decision_un_par_proposition",
            ),
            models.CheckConstraint(
                condition=(Q(issue="retenu") & ~Q(voie="") & Q(engagement__isnull=False))
                | (Q(issue="non_retenu") & Q(voie="") & Q(engagement__isnull=True)),
                name="decision_retenu_avec_voie_et_engagement",
            ),
        ]

    def __str__(self):
        return f"{self.get_issue_display()} : {self.groupe_id or self.proposition_id}"

    @property
    def montant(self):
        return self.engagement.montant if self.engagement_id else None

    @property
    def service_suivi(self):
        """Le service retenu né de la décision, ou None (décision non retenue)."""
        try:
            return self.service
        except ObjectDoesNotExist:
            return None
