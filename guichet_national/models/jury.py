"""Le jury d'un appel : ses jurés (nommés par la DINUM, pour cet appel seulement), sa grille
de critères pondérés et les évaluations, cachées des autres jurés jusqu'à leur soumission."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Jure(models.Model):
    """L'habilitation d'une personne au jury d'un seul appel. Elle ne donne aucun droit
    d'instruction : le juré ne franchit pas d'étape et ne demande pas de compléments."""

    appel = models.ForeignKey(
        "guichet_national.Appel", on_delete=models.CASCADE, related_name="jures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jurys_appels"
    )
    president = models.BooleanField("préside le jury (membre de l'État)", default=False)
    actif = models.BooleanField(default=True)
    nomme_le = models.DateTimeField(auto_now_add=True)
    nomme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-president", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["appel", "user"], name="jure_une_fois_par_appel")
        ]

    def __str__(self):
        return f"{self.user} — {self.appel}"


class Critere(models.Model):
    appel = models.ForeignKey(
        "guichet_national.Appel", on_delete=models.CASCADE, related_name="criteres"
    )
    libelle = models.CharField(max_length=200)
    poids = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    echelle = models.PositiveSmallIntegerField(
        "note maximale", default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.libelle


class Evaluation(models.Model):
    jure = models.ForeignKey(Jure, on_delete=models.CASCADE, related_name="evaluations")
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="evaluations_jury"
    )
    soumise_le = models.DateTimeField(null=True, blank=True)
    note_ponderee = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["jure", "dossier"], name="evaluation_unique"),
            models.CheckConstraint(
                condition=Q(soumise_le__isnull=True) | Q(note_ponderee__isnull=False),
                name="evaluation_soumise_notee",
            ),
        ]

    def __str__(self):
        return f"Évaluation de {self.dossier_id} par {self.jure_id}"


class Note(models.Model):
    """La note d'un critère ; `valeur` vide : « sans objet », jamais compté zéro."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="notes")
    critere = models.ForeignKey(Critere, on_delete=models.CASCADE, related_name="notes")
    valeur = models.PositiveSmallIntegerField(null=True, blank=True)
    justification = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "critere"], name="note_unique"),
        ]

    def __str__(self):
        return f"{self.critere_id} : {self.valeur}"
