"""Le guichet : où et quand déposer, qui instruit, quelles règles."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fonds.collectivites.models import Departement, Region
from fonds.comptes.enums import Role

from .. import types
from ..enums import Axe, CouvertureDepartement
from ..types import GENERIQUE


class GuichetQuerySet(models.QuerySet):
    def ouverts(self, maintenant=None):
        maintenant = maintenant or timezone.now()
        return self.filter(ouverture__lte=maintenant).filter(
            Q(cloture__isnull=True) | Q(cloture__gt=maintenant)
        )

    def instruits_par(self, user):
        """Les guichets dont `user` instruit les dossiers (même règle que
        `perms.peut_instruire_guichet`, en une requête)."""
        from fonds.comptes.perms import droits

        d = droits(user)
        if Role.ADMINISTRATEUR in d.roles:
            return self.all()
        portee = Q(role_instructeur__in=d.roles - {Role.INSTRUCTEUR})
        if Role.INSTRUCTEUR in d.roles:
            portee |= Q(role_instructeur=Role.INSTRUCTEUR) & (
                Q(departement_id__in=d.departements) | Q(region_id__in=d.regions)
            )
        return self.filter(portee)


class Guichet(models.Model):
    """Un guichet : où et quand déposer, qui instruit, quelles pièces fournir."""

    nom = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    axe = models.CharField(max_length=5, choices=Axe.choices)
    description = models.TextField(blank=True)
    ouverture = models.DateTimeField("ouverture des dépôts")
    cloture = models.DateTimeField(
        "clôture des dépôts", null=True, blank=True, help_text="Vide : guichet ouvert en continu."
    )
    # Règles du guichet, en données : qui peut déposer et combien (voir `eligibilite.py`).
    enveloppe = models.ForeignKey(
        "financement.Enveloppe",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guichets",
        help_text="L'enveloppe où le guichet engage ses subventions.",
    )
    natures_eligibles = models.JSONField(
        "natures de demandeurs admises",
        default=list,
        blank=True,
        help_text="Codes de nature de collectivité ; vide : toutes.",
    )
    population_min = models.PositiveIntegerField(
        "population minimale", null=True, blank=True, help_text="Plancher facultatif."
    )
    population_max = models.PositiveIntegerField(
        "population maximale", null=True, blank=True, help_text="Plafond facultatif (Axe 3)."
    )
    marge_population = models.PositiveSmallIntegerField(
        "marge sur le plancher de population (%)",
        default=0,
        validators=[MaxValueValidator(50)],
        help_text="Pour un appel qui dit « environ » : 0 = le plancher strict.",
    )
    couverture_departement = models.CharField(
        "couvrir au moins un département",
        max_length=10,
        choices=CouvertureDepartement.choices,
        default=CouvertureDepartement.SANS_CONDITION,
        blank=True,
    )
    taux_max = models.DecimalField(
        "taux maximal de subvention (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text="Part maximale des dépenses éligibles, par exemple 50.",
    )
    montant_forfaitaire = models.DecimalField(
        "montant forfaitaire (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    montant_max = models.DecimalField(
        "montant maximal d'une subvention (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    plafond_par_beneficiaire = models.PositiveSmallIntegerField(
        "nombre maximal de subventions par bénéficiaire", null=True, blank=True
    )
    plafond_par_categorie = models.PositiveSmallIntegerField(
        "nombre maximal de subventions par bénéficiaire et par catégorie", null=True, blank=True
    )
    categories = models.JSONField(
        "catégories de demande",
        default=list,
        blank=True,
        help_text='Liste de [code, libellé], par exemple [["franceconnect", "FranceConnect"]].',
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="guichets"
    )
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, null=True, blank=True, related_name="guichets"
    )
    role_instructeur = models.CharField(
        "rôle des instructeurs", max_length=15, choices=Role.choices, default=Role.INSTRUCTEUR
    )
    pieces_requises = models.JSONField(
        "pièces obligatoires",
        default=list,
        blank=True,
        help_text="Codes parmi les pièces de la sorte du guichet (délibération, budget, devis, "
        "autre pour le générique).",
    )
    type = models.CharField(
        "sorte de guichet",
        max_length=40,
        default=GENERIQUE,
        choices=types.choix,
        help_text="Déclarée par l'axe (fonds/dossiers/types.py) : formulaire, pièces, étapes "
        "d'instruction, décisions.",
    )

    objects = GuichetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-ouverture", "nom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cloture__isnull=True) | Q(cloture__gt=F("ouverture")),
                name="guichet_cloture_apres_ouverture",
                violation_error_message="La clôture doit suivre l'ouverture.",
            ),
            models.CheckConstraint(
                condition=Q(region__isnull=True) | Q(departement__isnull=True),
                name="guichet_un_seul_territoire",
                violation_error_message="Un guichet a une région ou un département, pas les deux.",
            ),
            models.CheckConstraint(
                condition=Q(population_min__isnull=True)
                | Q(population_max__isnull=True)
                | Q(population_min__lte=F("population_max")),
                name="guichet_plancher_sous_plafond",
                violation_error_message="Le plancher de population dépasse le plafond.",
            ),
            models.CheckConstraint(
                condition=Q(montant_forfaitaire__isnull=True) | Q(taux_max__isnull=True),
                name="guichet_forfait_ou_taux",
                violation_error_message="Un guichet donne un forfait ou un taux, pas les deux.",
            ),
            models.CheckConstraint(
                condition=~Q(role_instructeur=Role.INSTRUCTEUR)
                | Q(region__isnull=False)
                | Q(departement__isnull=False),
                name="guichet_prefecture_a_un_territoire",
                violation_error_message="Un guichet instruit en préfecture a un territoire.",
            ),
        ]

    def __str__(self):
        return self.nom

    def clean(self):
        from django.core.exceptions import ValidationError

        if not types.existe(self.type):
            raise ValidationError({"type": f"Sorte de guichet inconnue : « {self.type} »."})
        connues = {p.code for p in self.sorte.pieces}
        inconnues = set(self.pieces_requises) - connues
        if inconnues:
            raise ValidationError(
                {
                    "pieces_requises": f"Types de pièce inconnus de ce guichet : "
                    f"{', '.join(sorted(inconnues))} (parmi : {', '.join(sorted(connues))})."
                }
            )

    @property
    def sorte(self) -> types.TypeGuichet:
        """Ce que déclare la sorte du guichet (`fonds/dossiers/types.py`)."""
        return types.obtenir(self.type)

    def est_ouvert(self, maintenant=None) -> bool:
        maintenant = maintenant or timezone.now()
        return self.ouverture <= maintenant and (self.cloture is None or maintenant < self.cloture)

    def libelles_pieces_requises(self) -> list[tuple[str, str]]:
        """Les pièces exigées au dépôt (de la sorte et du guichet), avec leur libellé."""
        return [(p.code, p.libelle) for p, exigee in self.sorte.pieces_du_guichet(self) if exigee]

    def libelle_etape(self, code: str) -> str:
        return self.sorte.libelle_etape(code)

    def classe_formulaire(self):
        """Le formulaire du guichet : celui que déclare sa sorte, ou le générique."""
        return self.sorte.classe_formulaire()

    def instructeurs(self):
        """Les agents habilités à instruire ce guichet (administrateurs non compris)."""
        from django.contrib.auth import get_user_model

        condition = Q(habilitations__role=self.role_instructeur, habilitations__active=True)
        if self.role_instructeur == Role.INSTRUCTEUR:
            if self.departement_id:
                condition &= Q(habilitations__departement_id=self.departement_id) | Q(
                    habilitations__region__departements=self.departement_id
                )
            else:
                condition &= Q(habilitations__region_id=self.region_id)
        return get_user_model().objects.filter(condition, is_active=True).distinct()
