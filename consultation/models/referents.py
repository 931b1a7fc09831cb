"""Les collectivités autour d'un service retenu : leur expression d'intérêt (territoire référent
ou premier déployeur, et ce qu'elles apportent), les consultations des référents par l'ANCT et
leurs réponses, et les demandes d'adhésion au service livré (Territoires Store)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class RoleInteret(models.TextChoices):
    REFERENT = "referent", "Territoire référent (pilote, consulté pendant la conception)"
    PREMIER = "premier", "Premier déployeur"


class InteretQuerySet(models.QuerySet):
    def acceptes(self):
        """Les volontaires que l'ANCT n'a pas déclinés."""
        return self.filter(decline_le__isnull=True)

    def referents(self):
        return self.acceptes().filter(role=RoleInteret.REFERENT)


class Interet(models.Model):
    """Une collectivité volontaire pour un service retenu. Tout volontaire est retenu, à moins
    que l'ANCT ne le décline en disant pourquoi."""

    service = models.ForeignKey(
        "consultation.ServiceRetenu", on_delete=models.PROTECT, related_name="interets"
    )
    collectivite = models.ForeignKey(
        "collectivites.Collectivite", on_delete=models.PROTECT, related_name="interets_services"
    )
    role = models.CharField("rôle", max_length=20, choices=RoleInteret.choices)
    cofinancement = models.DecimalField(
        "cofinancement apporté (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    temps_equipe = models.CharField("temps d'équipe", max_length=300, blank=True)
    sites_pilotes = models.TextField("sites pilotes", blank=True)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(default=timezone.now)
    decline_le = models.DateTimeField("décliné le", null=True, blank=True)
    motif_declin = models.TextField("motif du déclin", blank=True)
    decline_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = InteretQuerySet.as_manager()

    class Meta:
        ordering = ["le", "pk"]
        verbose_name = "expression d'intérêt"
        verbose_name_plural = "expressions d'intérêt"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "collectivite"], name="interet_un_par_collectivite"
            ),
            models.CheckConstraint(
                condition=Q(decline_le__isnull=True) | ~Q(motif_declin=""),
                name="interet_decline_avec_motif",
            ),
        ]

    def __str__(self):
        return f"{self.collectivite} — {self.get_role_display()}"

    @property
    def decline(self) -> bool:
        return self.decline_le is not None


class Question(models.Model):
    """Une consultation des territoires référents ouverte par l'ANCT."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "consultation.ServiceRetenu", on_delete=models.CASCADE, related_name="questions"
    )
    texte = models.TextField()
    echeance = models.DateField("réponse attendue avant le", null=True, blank=True)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-le", "-pk"]
        verbose_name = "consultation des référents"
        verbose_name_plural = "consultations des référents"

    def __str__(self):
        return self.texte[:80]


class Reponse(models.Model):
    """La réponse d'un territoire référent, une par collectivité (modifiable, historisée)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reponses")
    collectivite = models.ForeignKey(
        "collectivites.Collectivite", on_delete=models.PROTECT, related_name="+"
    )
    texte = models.TextField()
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["le", "pk"]
        verbose_name = "réponse d'un référent"
        verbose_name_plural = "réponses des référents"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "collectivite"], name="reponse_une_par_collectivite"
            )
        ]

    def __str__(self):
        return f"{self.collectivite} : {self.texte[:60]}"


class AdhesionService(models.Model):
    """Une collectivité demande à rejoindre un service du Territoires Store ; l'ANCT la voit et
    la met en service."""

    service = models.ForeignKey(
        "consultation.ServiceRetenu", on_delete=models.PROTECT, related_name="adhesions"
    )
    collectivite = models.ForeignKey(
        "collectivites.Collectivite", on_delete=models.PROTECT, related_name="services_rejoints"
    )
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField("demandée le", default=timezone.now)
    en_service_le = models.DateTimeField("en service le", null=True, blank=True)
    en_service_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["le", "pk"]
        verbose_name = "adhésion à un service du Territoires Store"
        verbose_name_plural = "adhésions aux services du Territoires Store"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "collectivite"], name="adhesion_service_une_par_collectivite"
            )
        ]

    def __str__(self):
        return f"{self.collectivite} → {self.service}"
