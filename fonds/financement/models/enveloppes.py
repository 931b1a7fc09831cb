"""Enveloppes, mouvements de crédits et engagements."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from fonds.collectivites.models import Collectivite, Departement, Region

from ..enums import (
    Axe,
    NatureEnveloppe,
    TypeMouvement,
)

MONTANT = {"max_digits": 14, "decimal_places": 2}


class EnveloppeQuerySet(models.QuerySet):
    def avec_details(self):
        return self.select_related("parent", "region", "departement")

    def gerables_par(self, user):
        """Les enveloppes que `user` gère (même règle que `perms.peut_gerer_enveloppe`)."""
        from fonds.comptes.enums import Role
        from fonds.comptes.perms import droits, q_axes_geres

        d = droits(user)
        if Role.ADMINISTRATEUR in d.roles:
            return self.all()
        return self.filter(q_axes_geres(d))


class Enveloppe(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nom = models.CharField(max_length=200)
    nature = models.CharField(max_length=12, choices=NatureEnveloppe.choices)
    axe = models.CharField(max_length=4, choices=Axe.choices, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="enfants"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="enveloppes"
    )
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, null=True, blank=True, related_name="enveloppes"
    )
    montant = models.DecimalField("montant", default=0, **MONTANT)
    montant_delegue = models.DecimalField("délégué aux enveloppes filles", default=0, **MONTANT)
    montant_engage = models.DecimalField("engagé", default=0, **MONTANT)
    cree_le = models.DateTimeField(auto_now_add=True)

    objects = EnveloppeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["axe", "nom"]
        verbose_name = "enveloppe"
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gte=0) & Q(montant_delegue__gte=0) & Q(montant_engage__gte=0),
                name="enveloppe_montants_positifs",
                violation_error_message="Les montants d'une enveloppe ne peuvent être négatifs.",
            ),
            models.CheckConstraint(
                condition=Q(montant__gte=F("montant_delegue") + F("montant_engage")),
                name="enveloppe_engage_et_delegue_dans_le_montant",
                violation_error_message=(
                    "L'enveloppe ne peut engager ou déléguer plus que son montant."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(nature=NatureEnveloppe.FONDS) & Q(parent__isnull=True) & Q(axe=""))
                | (~Q(nature=NatureEnveloppe.FONDS) & Q(parent__isnull=False) & ~Q(axe="")),
                name="enveloppe_racine_fonds_sinon_axe_et_parent",
                violation_error_message=(
                    "Seul le fonds est une enveloppe racine ; les autres ont un parent et un axe."
                ),
            ),
        ]

    def __str__(self):
        return self.nom

    @property
    def disponible(self):
        return self.montant - self.montant_delegue - self.montant_engage


class Mouvement(models.Model):
    """Un mouvement de crédits entre enveloppes : la seule façon de changer un montant."""

    type = models.CharField(max_length=15, choices=TypeMouvement.choices)
    source = models.ForeignKey(
        Enveloppe, on_delete=models.PROTECT, null=True, blank=True, related_name="sorties"
    )
    destination = models.ForeignKey(Enveloppe, on_delete=models.PROTECT, related_name="entrees")
    montant = models.DecimalField(**MONTANT)
    motif = models.TextField()
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-cree_le"]
        verbose_name = "mouvement de crédits"
        verbose_name_plural = "mouvements de crédits"
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="mouvement_montant_positif"),
            models.CheckConstraint(
                condition=~Q(source=F("destination")), name="mouvement_entre_deux_enveloppes"
            ),
            models.CheckConstraint(
                condition=Q(type=TypeMouvement.DOTATION_INITIALE, source__isnull=True)
                | (~Q(type=TypeMouvement.DOTATION_INITIALE) & Q(source__isnull=False)),
                name="mouvement_source_sauf_dotation",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} de {self.montant} € vers {self.destination}"


class Engagement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enveloppe = models.ForeignKey(Enveloppe, on_delete=models.PROTECT, related_name="engagements")
    beneficiaire = models.ForeignKey(
        Collectivite, on_delete=models.PROTECT, related_name="engagements"
    )
    objet = models.CharField(max_length=300)
    montant = models.DecimalField("montant engagé", **MONTANT)
    montant_initial = models.DecimalField(**MONTANT)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    libere_le = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-cree_le"]
        verbose_name = "engagement"
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gte=0) & Q(montant__lte=F("montant_initial")),
                name="engagement_montant_entre_zero_et_initial",
            ),
            models.CheckConstraint(
                condition=Q(montant_initial__gt=0), name="engagement_montant_initial_positif"
            ),
        ]

    def __str__(self):
        return f"{self.montant} € sur {self.enveloppe_id} pour {self.beneficiaire_id}"
