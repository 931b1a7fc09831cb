"""Les besoins consolidés : l'ANCT regroupe des propositions proches sans les détruire, et
chaque entrée ou sortie d'un groupe est journalisée (où chaque proposition est allée)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..enums import SortieGroupe


class BesoinConsolideQuerySet(models.QuerySet):
    def du_tour(self, tour):
        return self.filter(tour=tour)


class BesoinConsolide(models.Model):
    """Un groupe de propositions : son titre, sa description, l'estimation des coûts de
    développement et de déploiement. C'est ce que les collectivités soutiennent."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tour = models.ForeignKey("consultation.Tour", on_delete=models.PROTECT, related_name="groupes")
    titre = models.CharField(max_length=200)
    description = models.TextField()
    cout_developpement = models.DecimalField(
        "estimation du coût de développement",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    cout_deploiement = models.DecimalField(
        "estimation du coût de déploiement", max_digits=14, decimal_places=2, null=True, blank=True
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cree_le = models.DateTimeField(default=timezone.now)

    objects = BesoinConsolideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["titre"]
        verbose_name = "besoin consolidé"
        constraints = [
            models.CheckConstraint(
                condition=Q(cout_developpement__isnull=True) | Q(cout_developpement__gte=0),
                name="groupe_cout_developpement_positif",
            ),
            models.CheckConstraint(
                condition=Q(cout_deploiement__isnull=True) | Q(cout_deploiement__gte=0),
                name="groupe_cout_deploiement_positif",
            ),
        ]

    def __str__(self):
        return self.titre


class MouvementGroupe(models.Model):
    """Une proposition entrée dans un groupe ou retirée : le journal public du regroupement."""

    proposition = models.ForeignKey(
        "consultation.Proposition", on_delete=models.CASCADE, related_name="mouvements"
    )
    groupe = models.ForeignKey(BesoinConsolide, on_delete=models.CASCADE, related_name="mouvements")
    sens = models.CharField(max_length=10, choices=SortieGroupe.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["le", "pk"]

    def __str__(self):
        return f"{self.get_sens_display()} : {self.groupe_id}"
