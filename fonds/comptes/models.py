"""Personnes, leurs adhésions aux collectivités et leurs habilitations d'agent.

Une personne agit pour les collectivités dont elle est membre vérifié (`Adhesion` validée) et
exerce les habilitations (`Habilitation`) que lui donnent les administrateurs. Tout cela est de
la donnée, relue à chaque requête par `perms.py`.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from fonds.collectivites.models import Collectivite, Departement, Region

from .enums import Fonction, ModeValidation, Role, StatutAdhesion


class CompteManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("adresse e-mail", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = CompteManager()

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        full_name = self.get_full_name()
        return f"{full_name} <{self.email}>" if full_name else self.email


class AdhesionQuerySet(models.QuerySet):
    def validees(self):
        return self.filter(statut=StatutAdhesion.VALIDEE)

    def en_attente(self):
        return self.filter(statut=StatutAdhesion.EN_ATTENTE)

    def avec_details(self):
        return self.select_related(
            "user", "collectivite__departement", "collectivite__region", "decidee_par"
        )

    def decidables_par(self, user):
        """Les demandes que `user` peut valider ou refuser (même périmètre que
        `perms.peut_decider_adhesion`, mais en une requête)."""
        from . import perms

        d = perms.droits(user)
        if not user.is_authenticated:
            return self.none()
        if Role.ADMINISTRATEUR in d.roles:
            portee = Q()
        else:
            portee = Q(collectivite_id__in=d.collectivites)
            if Role.INSTRUCTEUR in d.roles:
                portee |= Q(collectivite__departement_id__in=d.departements) | Q(
                    collectivite__departement__isnull=True, collectivite__region_id__in=d.regions
                )
        return self.filter(portee).exclude(user=user)


class Adhesion(models.Model):
    """Le lien, vérifié, entre une personne et une collectivité pour laquelle elle agit."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adhesions"
    )
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="adhesions"
    )
    fonction = models.CharField(max_length=10, choices=Fonction.choices, default=Fonction.AGENT)
    intitule_poste = models.CharField("intitulé du poste ou mandat", max_length=150, blank=True)
    statut = models.CharField(
        max_length=12, choices=StatutAdhesion.choices, default=StatutAdhesion.EN_ATTENTE
    )
    mode_validation = models.CharField(max_length=15, choices=ModeValidation.choices, blank=True)
    demandee_le = models.DateTimeField(auto_now_add=True)
    decidee_le = models.DateTimeField(null=True, blank=True)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adhesions_decidees",
    )
    motif = models.TextField("motif", blank=True)

    objects = AdhesionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-demandee_le"]
        verbose_name = "adhésion à une collectivité"
        verbose_name_plural = "adhésions aux collectivités"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collectivite"],
                condition=Q(statut__in=[StatutAdhesion.EN_ATTENTE, StatutAdhesion.VALIDEE]),
                name="adhesion_unique_active",
                violation_error_message=(
                    "Vous avez déjà une demande en cours ou une adhésion validée "
                    "pour cette collectivité."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.collectivite} ({self.get_statut_display()})"


class HabilitationQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(active=True)


class Habilitation(models.Model):
    """Une habilitation d'agent (périmètre) donnée par un administrateur."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habilitations"
    )
    role = models.CharField(max_length=15, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="habilitations",
        help_text="Instructeur d'une préfecture de région.",
    )
    departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="habilitations",
        help_text="Instructeur d'une préfecture de département.",
    )
    organisation = models.CharField(
        max_length=200, blank=True, help_text="Pour un partenaire : association ou entreprise."
    )
    active = models.BooleanField(default=True)
    creee_le = models.DateTimeField(auto_now_add=True)
    creee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="habilitations_creees",
    )

    objects = HabilitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "habilitation"
        constraints = [
            models.CheckConstraint(
                name="habilitation_instructeur_un_territoire",
                condition=(
                    Q(role=Role.INSTRUCTEUR)
                    & (
                        (Q(region__isnull=False) & Q(departement__isnull=True))
                        | (Q(region__isnull=True) & Q(departement__isnull=False))
                    )
                )
                | (
                    ~Q(role=Role.INSTRUCTEUR) & Q(region__isnull=True) & Q(departement__isnull=True)
                ),
                violation_error_message=(
                    "Un instructeur est habilité pour une région ou un département, "
                    "et un seul ; les autres rôles n'ont pas de territoire."
                ),
            ),
        ]

    def __str__(self):
        territoire = self.region or self.departement
        suffixe = f" — {territoire}" if territoire else ""
        return f"{self.get_role_display()}{suffixe} : {self.user}"
