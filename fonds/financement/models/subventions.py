"""Subventions, conventions et versements."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from fonds.collectivites.models import Collectivite, Departement, Region

from ..enums import (
    Axe,
    Contractualisation,
    StatutSubvention,
    TypeVersement,
)
from .enveloppes import MONTANT, Engagement, Enveloppe


class SubventionQuerySet(models.QuerySet):
    def avec_details(self):
        return self.select_related(
            "beneficiaire", "enveloppe", "region", "departement", "engagement", "dossier"
        )

    def vivantes(self):
        """Les subventions qui comptent dans les plafonds d'un guichet : ni annulées ni déchues."""
        return self.exclude(statut__in=[StatutSubvention.ANNULEE, StatutSubvention.DECHUE])

    def pour_liste(self):
        """La liste des subventions : les seules colonnes qu'elle montre, deux jointures."""
        return self.select_related("beneficiaire", "departement").only(
            "uuid",
            "objet",
            "axe",
            "statut",
            "montant",
            "montant_verse",
            "cree_le",
            "beneficiaire__nom",
            "departement__nom",
        )

    def visibles_par(self, user):
        """Les subventions que `user` peut voir : celles de ses collectivités et celles de son
        périmètre d'agent (même règle que `perms.peut_voir_subvention`, en une requête)."""
        from fonds.comptes.perms import droits

        d = droits(user)
        return self.filter(Q(beneficiaire_id__in=d.collectivites) | self._portee_agent(d))

    def sans_conflits_de(self, user):
        """Sans les bénéficiaires avec lesquels `user` a déclaré un conflit d'intérêts."""
        from fonds.comptes.perms import droits

        return self.exclude(beneficiaire_id__in=droits(user).conflits)

    def pour_agent(self, user):
        """Le périmètre d'agent seul (liste et exports des agents)."""
        from fonds.comptes.perms import droits

        return self.filter(self._portee_agent(droits(user)))

    @staticmethod
    def _portee_agent(d) -> Q:
        """L'axe et le territoire de l'agent, sans les bénéficiaires avec lesquels il a
        déclaré un conflit d'intérêts (`perms.peut_gerer_subvention`)."""
        from fonds.comptes.enums import Role
        from fonds.comptes.perms import q_axes_geres

        portee = Q() if Role.ADMINISTRATEUR in d.roles else q_axes_geres(d)
        return portee & ~Q(beneficiaire_id__in=d.conflits)


class Subvention(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Une subvention naît de la décision sur un dossier ; sans dossier, seulement par une
    # attribution exceptionnelle d'un administrateur, motivée (contrainte plus bas).
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subvention",
    )
    motif_exceptionnel = models.TextField(
        "motif de l'attribution exceptionnelle (sans dossier)", blank=True
    )
    beneficiaire = models.ForeignKey(
        Collectivite, on_delete=models.PROTECT, related_name="subventions"
    )
    enveloppe = models.ForeignKey(Enveloppe, on_delete=models.PROTECT, related_name="subventions")
    engagement = models.OneToOneField(
        Engagement, on_delete=models.PROTECT, related_name="subvention"
    )
    # Recopiés à l'attribution pour filtrer et agréger sans jointure.
    axe = models.CharField(max_length=4, choices=Axe.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="subventions"
    )
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, null=True, blank=True, related_name="subventions"
    )
    objet = models.CharField("objet", max_length=300)
    cout_eligible = models.DecimalField("coût éligible", **MONTANT)
    taux = models.DecimalField("taux de subvention (%)", max_digits=5, decimal_places=2)
    montant = models.DecimalField("montant de la subvention", **MONTANT)
    montant_verse = models.DecimalField("montant versé", default=0, **MONTANT)
    statut = models.CharField(
        max_length=20, choices=StatutSubvention.choices, default=StatutSubvention.A_CONVENTIONNER
    )
    motif_statut = models.TextField("motif du dernier changement d'état", blank=True)
    contractualisation = models.CharField(
        max_length=12, choices=Contractualisation.choices, default=Contractualisation.CONVENTION
    )
    reference_crte = models.CharField("référence du CRTE", max_length=50, blank=True)
    duree_mois = models.PositiveSmallIntegerField("durée (mois)", default=24)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    objects = SubventionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-cree_le"]
        verbose_name = "subvention"
        constraints = [
            models.CheckConstraint(
                condition=Q(dossier__isnull=False) | ~Q(motif_exceptionnel=""),
                name="subvention_dossier_ou_motif_exceptionnel",
                violation_error_message=(
                    "Une subvention naît d'un dossier accepté, ou d'une attribution "
                    "exceptionnelle motivée par un administrateur."
                ),
            ),
            models.CheckConstraint(
                condition=Q(montant__gt=0) & Q(montant__lte=F("cout_eligible")),
                name="subvention_montant_positif_et_dans_le_cout",
                violation_error_message=(
                    "Le montant doit être positif et ne pas dépasser le coût éligible."
                ),
            ),
            models.CheckConstraint(
                condition=Q(taux__gt=0) & Q(taux__lte=100), name="subvention_taux_pourcentage"
            ),
            models.CheckConstraint(
                condition=Q(montant_verse__gte=0) & Q(montant_verse__lte=F("montant")),
                name="subvention_verse_dans_le_montant",
                violation_error_message="Le total versé ne peut dépasser la subvention.",
            ),
            models.CheckConstraint(
                condition=~Q(contractualisation=Contractualisation.CRTE)
                | (Q(axe=Axe.AXE_3) & ~Q(reference_crte="")),
                name="subvention_crte_axe3_avec_reference",
                violation_error_message=(
                    "Un CRTE n'est possible que sur l'axe 3, et avec sa référence."
                ),
            ),
        ]
        # Chaque filtre et chaque tri de la liste des subventions (filters.py) a son index.
        indexes = [
            models.Index(fields=["axe", "statut"]),
            models.Index(fields=["region", "departement"]),
            models.Index(fields=["-cree_le"], name="subvention_cree_le"),
            models.Index(fields=["montant"], name="subvention_montant"),
            models.Index(fields=["montant_verse"], name="subvention_verse"),
            models.Index(fields=["statut", "-cree_le"], name="subvention_statut_date"),
            models.Index(fields=["axe", "-cree_le"], name="subvention_axe_date"),
            models.Index(fields=["region", "-cree_le"], name="subvention_region_date"),
            models.Index(fields=["departement", "-cree_le"], name="subvention_departement_date"),
        ]

    def __str__(self):
        return f"{self.objet} — {self.beneficiaire}"

    @property
    def reste_a_verser(self):
        return self.montant - self.montant_verse


class ConventionQuerySet(models.QuerySet):
    def en_vigueur(self):
        return self.filter(remplacee_le__isnull=True)


class Convention(models.Model):
    """Une version de la convention de financement (PDF). Une nouvelle version remplace la
    précédente sans l'effacer."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subvention = models.ForeignKey(Subvention, on_delete=models.PROTECT, related_name="conventions")
    version = models.PositiveSmallIntegerField()
    fichier = models.FileField(upload_to="conventions/%Y/", blank=True)
    empreinte_sha256 = models.CharField(max_length=64, blank=True)
    emise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    emise_le = models.DateTimeField(auto_now_add=True)
    generee_le = models.DateTimeField(null=True, blank=True)
    # Une génération du PDF qui échoue est relancée ; les agents voient l'erreur et le compte.
    tentatives_generation = models.PositiveSmallIntegerField(default=0)
    erreur_generation = models.CharField(max_length=500, blank=True)
    remplacee_le = models.DateTimeField(null=True, blank=True)
    fichier_signe = models.FileField(upload_to="conventions/signees/%Y/", blank=True)
    empreinte_signee_sha256 = models.CharField(max_length=64, blank=True)
    signee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signee_le = models.DateTimeField(null=True, blank=True)
    contresignee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contresignee_le = models.DateTimeField(null=True, blank=True)

    objects = ConventionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = "convention de financement"
        verbose_name_plural = "conventions de financement"
        constraints = [
            models.UniqueConstraint(
                fields=["subvention", "version"], name="convention_version_unique"
            ),
            models.UniqueConstraint(
                fields=["subvention"],
                condition=Q(remplacee_le__isnull=True),
                name="convention_une_seule_en_vigueur",
            ),
        ]

    def __str__(self):
        return f"Convention v{self.version} — {self.subvention}"


class Versement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subvention = models.ForeignKey(Subvention, on_delete=models.PROTECT, related_name="versements")
    type = models.CharField(max_length=10, choices=TypeVersement.choices)
    montant = models.DecimalField(**MONTANT)
    date = models.DateField("date du versement")
    reference = models.CharField("référence comptable", max_length=50)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "cree_le"]
        verbose_name = "versement"
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="versement_montant_positif"),
            models.UniqueConstraint(
                fields=["subvention", "reference"],
                name="versement_reference_unique",
                violation_error_message="Un versement porte déjà cette référence.",
            ),
            models.UniqueConstraint(
                fields=["subvention"],
                condition=Q(type=TypeVersement.SOLDE),
                name="versement_un_seul_solde",
                violation_error_message="Le solde de cette subvention est déjà versé.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} de {self.montant} €"
