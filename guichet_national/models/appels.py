"""Les appels à projets nationaux (axe 2) : trois volets, chacun en vagues. Un appel est
adossé à un `Guichet` du socle de sorte « appel_a_projets » : dates, enveloppe (fille de
l'axe 2), taux de 50 %, règles d'éligibilité sont celles du guichet ; l'appel ajoute son
volet, sa vague, son cahier des charges et ses exemples. Le projet d'un dossier (contexte,
lignes de budget, plan de financement) complète le dossier du socle."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

#: La sorte de guichet (`Guichet.type`) que déclare ce module.
CODE_APPEL = "appel_a_projets"
#: Les étapes d'instruction de la sorte.
PRESELECTIONNE = "preselectionne"
NON_PRESELECTIONNE = "non_preselectionne"


class Volet(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    nom = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom


class AppelQuerySet(models.QuerySet):
    def avec_guichet(self):
        return self.select_related("guichet", "guichet__enveloppe", "volet")


class Appel(models.Model):
    volet = models.ForeignKey(Volet, on_delete=models.PROTECT, related_name="appels")
    vague = models.PositiveSmallIntegerField()
    guichet = models.OneToOneField(
        "dossiers.Guichet", on_delete=models.PROTECT, related_name="appel"
    )
    cahier_des_charges = models.TextField("cahier des charges")
    exemples = models.TextField("exemples de projets financés", blank=True)

    objects = AppelQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["volet__ordre", "vague"]
        constraints = [
            models.UniqueConstraint(fields=["volet", "vague"], name="appel_une_vague_par_volet"),
        ]

    def __str__(self):
        return f"{self.volet} — vague {self.vague}"

    @property
    def liste_exemples(self) -> list[str]:
        return [ligne.strip() for ligne in self.exemples.splitlines() if ligne.strip()]


class Projet(models.Model):
    """Le projet d'un dossier d'appel : ses réponses, son budget, son plan de financement."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="projet_appel"
    )
    appel = models.ForeignKey(Appel, on_delete=models.PROTECT, related_name="projets")
    contexte = models.TextField()
    objectifs = models.TextField()
    usagers = models.TextField("usagers concernés")
    livrables = models.TextField()
    calendrier = models.TextField()
    open_source = models.BooleanField("code publié sous licence libre", default=False)
    partenaires = models.ManyToManyField(
        "collectivites.Collectivite", blank=True, related_name="projets_appel_partenaires"
    )
    autres_financements = models.DecimalField(
        "autres financements (€)", max_digits=14, decimal_places=2, default=Decimal(0)
    )
    plan_de_financement = models.TextField("plan de financement", blank=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"Projet de {self.dossier}"


class LigneBudget(models.Model):
    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="lignes")
    libelle = models.CharField("dépense", max_length=200)
    montant = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(montant__gt=0), name="ligne_budget_montant_positif"
            )
        ]

    def __str__(self):
        return f"{self.libelle} : {self.montant}"
