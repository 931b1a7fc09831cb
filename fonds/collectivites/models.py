"""Le registre des collectivités : territoires (régions, départements) et personnes publiques.

Les régions et départements existent deux fois : comme territoires (`Region`, `Departement`,
qui portent les compétences des préfectures) et comme collectivités (le conseil régional, le
conseil départemental, ou la collectivité à statut particulier qui les remplace).
"""

import uuid

from django.db import models
from django.db.models import Q

from .enums import NATURES_A_MEMBRES, NATURES_GROUPEMENT, Nature, TypeEpci


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField(max_length=100)

    class Meta:
        ordering = ["nom"]
        verbose_name = "région (territoire)"
        verbose_name_plural = "régions (territoires)"

    def __str__(self):
        return self.nom


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        ordering = ["code"]
        verbose_name = "département (territoire)"
        verbose_name_plural = "départements (territoires)"

    def __str__(self):
        return f"{self.nom} ({self.code})"


class CollectiviteQuerySet(models.QuerySet):
    def groupements(self):
        return self.filter(nature__in=NATURES_GROUPEMENT)

    def actives(self):
        return self.filter(actif=True)

    def avec_territoire(self):
        return self.select_related("departement", "region")

    def rechercher(self, texte: str):
        """Collectivités correspondant au texte saisi (nom, code INSEE, SIREN, code postal),
        classées : voir `recherche.rechercher`. Une seule requête."""
        from .recherche import rechercher

        return rechercher(self, texte)


class Collectivite(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nature = models.CharField(max_length=20, choices=Nature.choices)
    type_epci = models.CharField("type d'EPCI", max_length=5, choices=TypeEpci.choices, blank=True)
    nom = models.CharField(max_length=200)
    code_insee = models.CharField("code INSEE", max_length=5, blank=True)
    siren = models.CharField("SIREN", max_length=9, null=True, blank=True, unique=True)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    codes_postaux = models.CharField(
        "codes postaux", max_length=255, blank=True, help_text="Séparés par des espaces."
    )
    # Territoire de rattachement : département (communes, EPCI : celui du siège ou de la
    # commune la plus peuplée ; conseil départemental) et région.
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, null=True, blank=True, related_name="collectivites"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="collectivites"
    )
    membres = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="groupements"
    )
    # Nom normalisé (minuscules, sans accents ni ponctuation) pour l'autocomplétion.
    nom_recherche = models.CharField(max_length=200, db_index=True, editable=False)
    actif = models.BooleanField(default=True)

    objects = CollectiviteQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]
        verbose_name = "collectivité"
        constraints = [
            models.UniqueConstraint(
                fields=["nature", "code_insee"],
                condition=~Q(code_insee=""),
                name="collectivite_code_insee_unique_par_nature",
            ),
            models.CheckConstraint(
                condition=Q(siren__isnull=True) | Q(siren__regex=r"^[0-9]{9}$"),
                name="collectivite_siren_9_chiffres",
            ),
        ]
        indexes = [
            models.Index(fields=["code_insee"]),
            # Tri par nom (ordre par défaut, tri des listes d'instruction et des subventions).
            models.Index(fields=["nom"], name="collectivite_nom"),
            models.Index(fields=["nature", "departement"]),
        ]

    def __str__(self):
        if self.nature == Nature.COMMUNE and self.departement_id:
            return f"{self.nom} ({self.departement.code})"
        return self.nom

    @property
    def est_groupement(self) -> bool:
        return self.nature in NATURES_GROUPEMENT

    def departements_couverts(self) -> models.QuerySet:
        """Les départements (territoires) que couvre la collectivité : le sien pour une commune
        ou un conseil départemental, ceux de la région, ceux de ses membres (et des communes
        des EPCI membres) pour un EPCI ou un groupement."""
        from .registre.referentiel import DEPARTEMENTS_DES_STATUTS_PARTICULIERS

        if self.nature == Nature.REGION:
            return Departement.objects.filter(region_id=self.region_id)
        if self.nature == Nature.STATUT_PARTICULIER:
            codes = DEPARTEMENTS_DES_STATUTS_PARTICULIERS.get(self.code_insee, [])
            return Departement.objects.filter(Q(code__in=codes) | Q(pk=self.departement_id))
        if self.nature not in NATURES_A_MEMBRES:
            return Departement.objects.filter(pk=self.departement_id)
        membres = Collectivite.objects.filter(groupements=self)
        codes_statuts = [
            code
            for code_insee in membres.filter(nature=Nature.STATUT_PARTICULIER).values_list(
                "code_insee", flat=True
            )
            for code in DEPARTEMENTS_DES_STATUTS_PARTICULIERS.get(code_insee, [])
        ]
        return Departement.objects.filter(
            Q(collectivites__in=membres.filter(nature__in=(Nature.COMMUNE, Nature.DEPARTEMENT)))
            | Q(collectivites__groupements__in=membres.filter(nature__in=NATURES_A_MEMBRES))
            | Q(region__collectivites__in=membres.filter(nature=Nature.REGION))
            | Q(code__in=codes_statuts)
        ).distinct()
