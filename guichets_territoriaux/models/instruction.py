"""L'instruction d'un dossier territorial : une note et sa justification écrite par critère du
fonds, et la contractualisation choisie à la décision (CRTE ou convention)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from fonds.financement.enums import Contractualisation

ECHELLE = range(1, 6)  # 1 : insuffisant … 5 : excellent


class Critere(models.TextChoices):
    PORTAGE = "portage", "Niveau de portage par l'autorité qui soutient le projet"
    EQUIPE = (
        "equipe",
        "Valeur de l'équipe projet (compétences, ancienneté, complémentarité, disponibilité)",
    )
    USAGERS = "usagers", "Impact : nombre d'usagers cibles confirmé"
    MODELE = "modele", "Modèle économique d'extension à d'autres territoires"
    EFFETS = (
        "effets",
        "Impact direct ou induit (améliorations mesurées, économies, efficience)",
    )


class Note(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="notes_territoriales"
    )
    critere = models.CharField(max_length=10, choices=Critere.choices)
    note = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(ECHELLE.start), MaxValueValidator(ECHELLE.stop - 1)]
    )
    justification = models.TextField()
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    modifiee_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "note d'un critère"
        constraints = [
            models.UniqueConstraint(fields=["dossier", "critere"], name="note_unique_par_critere"),
            models.CheckConstraint(
                condition=Q(note__gte=1) & Q(note__lte=5),
                name="note_dans_l_echelle",
                violation_error_message="Une note va de 1 à 5.",
            ),
        ]

    def __str__(self):
        return f"{self.get_critere_display()} : {self.note}/5"


class Contrat(models.Model):
    """La contractualisation choisie à l'acceptation : un CRTE (sa référence) ou une
    convention ad hoc, émise ensuite par le socle."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="contrat_territorial"
    )
    mode = models.CharField(max_length=12, choices=Contractualisation.choices)
    reference_crte = models.CharField("référence du CRTE", max_length=50, blank=True)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "contractualisation d'un dossier territorial"
        constraints = [
            models.CheckConstraint(
                condition=~Q(mode=Contractualisation.CRTE) | ~Q(reference_crte=""),
                name="contrat_crte_avec_reference",
                violation_error_message="Indiquez la référence du CRTE.",
            )
        ]

    def __str__(self):
        return self.get_mode_display() + (f" {self.reference_crte}" if self.reference_crte else "")
