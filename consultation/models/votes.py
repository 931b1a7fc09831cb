"""Le vote : un bulletin par collectivité et par tour, des soutiens (un par groupe ou par
proposition seule et par collectivité). Le soutien garde la taille, la nature, la région et
la population de sa collectivité au moment du vote : les résultats s'agrègent sur une table."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Bulletin(models.Model):
    tour = models.ForeignKey(
        "consultation.Tour", on_delete=models.PROTECT, related_name="bulletins"
    )
    collectivite = models.ForeignKey(
        "collectivites.Collectivite", on_delete=models.PROTECT, related_name="bulletins"
    )
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    modifie_le = models.DateTimeField(default=timezone.now)
    nb_soutiens = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tour", "collectivite"],
                name="bulletin_un_par_collectivite",
                violation_error_message="Cette collectivité a déjà un bulletin pour ce tour.",
            )
        ]

    def __str__(self):
        return f"Bulletin {self.collectivite_id} ({self.tour_id})"


class Soutien(models.Model):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="soutiens")
    tour = models.ForeignKey("consultation.Tour", on_delete=models.PROTECT, related_name="soutiens")
    collectivite = models.ForeignKey(
        "collectivites.Collectivite", on_delete=models.PROTECT, related_name="soutiens"
    )
    groupe = models.ForeignKey(
        "consultation.BesoinConsolide",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="soutiens",
    )
    proposition = models.ForeignKey(
        "consultation.Proposition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="soutiens",
    )
    # La collectivité au moment du vote.
    nature = models.CharField(max_length=20)
    population = models.PositiveIntegerField(default=0)
    region = models.ForeignKey(
        "collectivites.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cree_le", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(groupe__isnull=False) & Q(proposition__isnull=True))
                | (Q(groupe__isnull=True) & Q(proposition__isnull=False)),
                name="soutien_un_groupe_ou_une_proposition",
            ),
            models.UniqueConstraint(
                fields=["collectivite", "groupe"],
                condition=Q(groupe__isnull=False),
                name="soutien_un_par_groupe",
            ),
            models.UniqueConstraint(
                fields=["collectivite", "proposition"],
                condition=Q(proposition__isnull=False),
                name="soutien_un_par_proposition",
            ),
        ]
        indexes = [models.Index(fields=["tour", "groupe", "proposition"], name="soutien_cible")]

    def __str__(self):
        return f"Soutien {self.collectivite_id} → {self.groupe_id or self.proposition_id}"
