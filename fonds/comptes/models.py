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

from .enums import Fonction, ModeValidation, Role, SourceConflit, StatutAdhesion


class CompteQuerySet(models.QuerySet):
    def membres_verifies_de(self, collectivite):
        """Les personnes actives membres vérifiés de `collectivite` (objet ou clé) : ceux qui
        agissent pour elle et reçoivent ses notifications."""
        collectivite_id = getattr(collectivite, "pk", collectivite)
        return self.filter(
            is_active=True,
            pk__in=Adhesion.objects.validees()
            .filter(collectivite_id=collectivite_id)
            .values("user_id"),
        )

    def agents(self, role: str, *, region_id=None, departement_id=None):
        """Les personnes actives qui exercent `role` sur tout son périmètre et, pour un rôle
        territorial (préfecture), sur ce territoire : le département ou sa région, ou la
        région. Sans les habilitations limitées à un guichet (voir `Guichet.instructeurs`)."""
        from .enums import ROLES_TERRITORIAUX

        habilitations = Habilitation.objects.actives().filter(guichet__isnull=True, role=role)
        if role in ROLES_TERRITORIAUX:
            if departement_id:
                territoire = Q(departement_id=departement_id) | Q(
                    region__departements=departement_id
                )
            elif region_id:
                territoire = Q(region_id=region_id)
            else:
                return self.none()
            habilitations = habilitations.filter(territoire)
        return self.filter(is_active=True, pk__in=habilitations.values("user_id"))

    def sans_conflit_avec(self, collectivite):
        """Sans les personnes qui ont déclaré un conflit d'intérêts avec `collectivite`."""
        collectivite_id = getattr(collectivite, "pk", collectivite)
        return self.exclude(
            pk__in=ConflitInteret.objects.filter(collectivite_id=collectivite_id).values("user_id")
        )

    def avec_droits(self):
        """Chaque personne avec de quoi construire ses droits (`perms.Droits`) sans autre
        requête : adhésions, habilitations (et départements de ses régions), conflits
        d'intérêts déclarés, second facteur activé. Une seule instruction SQL."""
        from .droits_sql import annotations_des_droits

        return self.annotate(**annotations_des_droits())


class CompteManager(UserManager.from_queryset(CompteQuerySet)):
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
    guichet = models.ForeignKey(
        "dossiers.Guichet",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="habilitations",
        help_text="Limite l'habilitation à un seul guichet (un juré, un agent d'un appel à "
        "projets) ; vide : tout le périmètre du rôle.",
    )
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
                    Q(role=Role.INSTRUCTEUR, guichet__isnull=True)
                    & (
                        (Q(region__isnull=False) & Q(departement__isnull=True))
                        | (Q(region__isnull=True) & Q(departement__isnull=False))
                    )
                )
                | (
                    ~Q(role=Role.INSTRUCTEUR, guichet__isnull=True)
                    & Q(region__isnull=True)
                    & Q(departement__isnull=True)
                ),
                violation_error_message=(
                    "Un instructeur est habilité pour une région ou un département, "
                    "et un seul (ou pour un guichet) ; les autres rôles n'ont pas de territoire."
                ),
            ),
            models.CheckConstraint(
                name="habilitation_guichet_role_d_instruction",
                condition=Q(guichet__isnull=True)
                | Q(role__in=[Role.INSTRUCTEUR, Role.ANCT, Role.DINUM, Role.JURE]),
                violation_error_message=(
                    "Seuls les instructeurs, les agents de l'ANCT ou de la DINUM et les jurés "
                    "sont habilités pour un guichet."
                ),
            ),
        ]

    def __str__(self):
        territoire = self.guichet or self.region or self.departement
        suffixe = f" — {territoire}" if territoire else ""
        return f"{self.get_role_display()}{suffixe} : {self.user}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if (
            self.guichet_id
            and self.role != Role.JURE
            and self.role != self.guichet.role_instructeur
        ):
            raise ValidationError(
                {
                    "guichet": f"Ce guichet est instruit par le rôle « "
                    f"{self.guichet.get_role_instructeur_display()} » : seul ce rôle, ou un "
                    "juré, peut y être habilité."
                }
            )


class ConflitInteretQuerySet(models.QuerySet):
    def de(self, user):
        return self.filter(user=user).select_related("collectivite", "declare_par")

    def propositions(self, user):
        """Les collectivités avec lesquelles le portail propose à `user` de se déporter : celles
        dont il est membre vérifié, leurs groupements et leurs membres, quand elles ont un
        dossier qu'il instruit ; sans les conflits déjà déclarés. La personne confirme."""
        from fonds.dossiers.models import Dossier

        from . import perms

        d = perms.droits(user)
        if not (d.est_agent and d.collectivites):
            return Collectivite.objects.none()
        proches = (
            Q(pk__in=d.collectivites)
            | Q(membres__in=d.collectivites)
            | Q(groupements__in=d.collectivites)
        )
        return (
            Collectivite.objects.filter(
                pk__in=Collectivite.objects.filter(proches).values("pk"),
            )
            .filter(pk__in=Dossier.objects.instruits_par(user).values("collectivite_id"))
            .exclude(pk__in=d.conflits)
            .order_by("nom")
        )


class ConflitInteret(models.Model):
    """Une personne se déporte : elle ne voit ni n'instruit aucun dossier de cette
    collectivité (`perms.peut_instruire`, `Dossier.objects.instruits_par`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflits_interets"
    )
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="conflits_interets"
    )
    motif = models.TextField("motif")
    source = models.CharField(
        max_length=10, choices=SourceConflit.choices, default=SourceConflit.DECLARE
    )
    declare_le = models.DateTimeField("déclaré le", auto_now_add=True)
    declare_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conflits_declares",
    )

    objects = ConflitInteretQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "conflit d'intérêts"
        verbose_name_plural = "conflits d'intérêts"
        ordering = ["-declare_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collectivite"],
                name="conflit_interet_unique",
                violation_error_message=(
                    "Un conflit d'intérêts avec cette collectivité est déjà déclaré."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user} ⟂ {self.collectivite}"
