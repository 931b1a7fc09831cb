"""Un service retenu par le comité, suivi publiquement de la décision à sa livraison : ses
jalons, son option de gouvernance, l'étude juridique préalable, les financements de l'ingénierie
de sa gouvernance (engagés par le socle) ; livré, il entre au Territoires Store."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Gouvernance(models.TextChoices):
    A_DEFINIR = "a_definir", "À définir"
    SMO = "smo", "Syndicat mixte ouvert (SMO)"
    GIP = "gip", "Groupement d'intérêt public (GIP)"
    SCIC = "scic", "Société coopérative d'intérêt collectif (SCIC)"
    SPL = "spl", "Société publique locale (SPL)"
    ASSOCIATION = "association", "Association de collectivités"
    CONVENTION = "convention", "Convention entre collectivités"
    ETAT = "etat", "Service opéré par l'État"


class StatutService(models.TextChoices):
    EN_DEVELOPPEMENT = "en_developpement", "En développement et déploiement"
    LIVRE = "livre", "Livré : au Territoires Store"


class StatutJalon(models.TextChoices):
    PREVU = "prevu", "Prévu"
    EN_COURS = "en_cours", "En cours"
    ATTEINT = "atteint", "Atteint"
    RETARDE = "retarde", "Retardé"


class ServiceRetenuQuerySet(models.QuerySet):
    def au_store(self):
        """Le catalogue : les services retenus et livrés, eux seuls."""
        return self.filter(statut=StatutService.LIVRE, decision__issue="retenu")


class ServiceRetenu(models.Model):
    """Né de la décision « retenu » du comité (un par décision)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.OneToOneField(
        "consultation.DecisionComite", on_delete=models.PROTECT, related_name="service"
    )
    tour = models.ForeignKey(
        "consultation.Tour", on_delete=models.PROTECT, related_name="services_retenus"
    )
    nom = models.CharField(max_length=200)
    description = models.TextField("ce que fait le service")
    pour_qui = models.TextField("pour qui", blank=True)
    licence = models.CharField(max_length=100, blank=True)
    code_source = models.URLField("adresse du code source", max_length=500, blank=True)
    adresse = models.URLField("adresse du service", max_length=500, blank=True)
    gouvernance = models.CharField(
        "option de gouvernance",
        max_length=20,
        choices=Gouvernance.choices,
        default=Gouvernance.A_DEFINIR,
    )
    etude_juridique = models.BooleanField(
        "une étude juridique préalable est nécessaire", default=False
    )
    statut = models.CharField(
        max_length=20, choices=StatutService.choices, default=StatutService.EN_DEVELOPPEMENT
    )
    livre_le = models.DateField("livré le", null=True, blank=True)
    modifie_le = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = ServiceRetenuQuerySet.as_manager()

    class Meta:
        ordering = ["nom", "pk"]
        verbose_name = "service retenu"
        verbose_name_plural = "services retenus"
        constraints = [
            models.CheckConstraint(
                condition=Q(statut="en_developpement") | Q(livre_le__isnull=False),
                name="service_livre_a_sa_date",
            )
        ]

    def __str__(self):
        return self.nom

    @property
    def cible_uuid(self):
        """Le besoin consolidé ou la proposition que le comité a retenu."""
        d = self.decision
        return (d.groupe or d.proposition).uuid

    @property
    def livre(self) -> bool:
        return self.statut == StatutService.LIVRE


class Jalon(models.Model):
    service = models.ForeignKey(ServiceRetenu, on_delete=models.CASCADE, related_name="jalons")
    titre = models.CharField(max_length=200)
    echeance = models.DateField("échéance")
    statut = models.CharField(max_length=20, choices=StatutJalon.choices, default=StatutJalon.PREVU)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["echeance", "pk"]

    def __str__(self):
        return f"{self.titre} ({self.echeance:%d/%m/%Y})"


class FinancementGouvernance(models.Model):
    """Un financement complémentaire de l'ingénierie de la gouvernance du service, engagé sur
    l'enveloppe du tour par le socle (le montant vit dans l'engagement)."""

    service = models.ForeignKey(
        ServiceRetenu, on_delete=models.PROTECT, related_name="financements_gouvernance"
    )
    engagement = models.OneToOneField(
        "financement.Engagement", on_delete=models.PROTECT, related_name="financement_gouvernance"
    )
    objet = models.CharField(max_length=300)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["le", "pk"]
        verbose_name = "financement de l'ingénierie de gouvernance"
        verbose_name_plural = "financements de l'ingénierie de gouvernance"

    def __str__(self):
        return self.objet
