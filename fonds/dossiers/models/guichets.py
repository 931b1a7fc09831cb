"""Le guichet : où et quand déposer, qui instruit, quelles règles."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fonds.collectivites.models import Departement, Region
from fonds.comptes.enums import ROLES_TERRITORIAUX, Role

from .. import types
from ..enums import Axe, CouvertureDepartement, TypeProjet
from ..types import GENERIQUE


class GuichetQuerySet(models.QuerySet):
    def ouverts(self, maintenant=None):
        maintenant = maintenant or timezone.now()
        return self.filter(ouverture__lte=maintenant).filter(
            Q(cloture__isnull=True) | Q(cloture__gt=maintenant)
        )

    def etat_public(self, maintenant=None) -> str:
        """Validateur des pages qui montrent les guichets ouverts et leurs règles : toute
        écriture d'un guichet (son historique) et chaque ouverture ou clôture passée."""
        from django.db.models import Count, Max

        historique = self.model.history.aggregate(n=Count("history_id"), m=Max("history_date"))
        ouverts = self.ouverts(maintenant).order_by("pk").values_list("pk", flat=True)
        return f"{historique['n']}:{historique['m']}:{','.join(map(str, ouverts))}"

    def instruits_par(self, user):
        """Les guichets dont `user` instruit les dossiers (même règle que
        `perms.peut_instruire_guichet`, en une requête)."""
        from fonds.comptes.perms import droits, q_territoire

        d = droits(user)
        if Role.ADMINISTRATEUR in d.roles:
            return self.all()
        portee = Q(pk__in=d.guichets) | Q(role_instructeur__in=d.roles - ROLES_TERRITORIAUX)
        territoriaux = d.roles & ROLES_TERRITORIAUX
        if territoriaux:
            portee |= Q(role_instructeur__in=territoriaux) & q_territoire(d)
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
    types_projet = models.JSONField(
        "types de projet financés",
        default=list,
        blank=True,
        help_text=f"Codes parmi : {', '.join(TypeProjet.values)} ; vide : tous. L'orientation "
        "y mène les projets de ces types.",
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
        erreurs = self.regles_contradictoires()
        if erreurs:
            raise ValidationError(erreurs)

    def regles_contradictoires(self) -> dict[str, list[str]]:
        """Les règles qui se contredisent ou n'ont pas de sens seules, champ par champ."""
        from fonds.collectivites.enums import Nature

        from ..eligibilite import habitants

        erreurs: dict[str, list[str]] = {}

        def refuser(champ, message):
            erreurs.setdefault(champ, []).append(message)

        def codes_inconnus(champ, valeurs, connus, quoi):
            if not isinstance(valeurs, list):
                refuser(champ, "Donnez une liste de codes.")
                return
            inconnus = sorted({str(v) for v in valeurs} - set(connus))
            if inconnus:
                refuser(champ, f"{quoi} inconnus : {', '.join(inconnus)}.")

        codes_inconnus("natures_eligibles", self.natures_eligibles, Nature.values, "Natures")
        codes_inconnus("types_projet", self.types_projet, TypeProjet.values, "Types de projet")
        mini, maxi = self.population_min, self.population_max
        if mini is not None and maxi is not None and mini > maxi:
            refuser(
                "population_min",
                f"Le plancher de population ({habitants(mini)}) dépasse le plafond "
                f"({habitants(maxi)}).",
            )
        if self.marge_population and mini is None:
            refuser(
                "marge_population",
                "Une marge sous le plancher de population demande un plancher : indiquez la "
                "population minimale ou laissez la marge à 0.",
            )
        if self.couverture_departement == CouvertureDepartement.SUFFIT and mini is None:
            refuser(
                "couverture_departement",
                "« Couvrir un département suffit » s'entend face à un plancher de population : "
                "indiquez la population minimale, ou choisissez « exigé ».",
            )
        if self.montant_forfaitaire is not None and self.taux_max is not None:
            refuser(
                "montant_forfaitaire",
                "Un guichet donne un forfait ou un taux de subvention, pas les deux.",
            )
        if (
            self.montant_forfaitaire is not None
            and self.montant_max is not None
            and self.montant_forfaitaire > self.montant_max
        ):
            refuser(
                "montant_forfaitaire", "Le forfait dépasse le montant maximal d'une subvention."
            )
        if self.plafond_par_categorie is not None and not self.categories:
            refuser(
                "plafond_par_categorie",
                "Un plafond par catégorie demande des catégories de demande : ajoutez-les ou "
                "videz le plafond.",
            )
        if (
            self.plafond_par_categorie is not None
            and self.plafond_par_beneficiaire is not None
            and self.plafond_par_categorie > self.plafond_par_beneficiaire
        ):
            refuser(
                "plafond_par_categorie",
                f"Le plafond par catégorie ({self.plafond_par_categorie}) dépasse le plafond par "
                f"bénéficiaire ({self.plafond_par_beneficiaire}).",
            )
        if not isinstance(self.categories, list) or not all(
            isinstance(c, list | tuple) and len(c) == 2 and all(isinstance(x, str) and x for x in c)
            for c in self.categories
        ):
            refuser(
                "categories", 'Donnez une liste de [code, libellé], par exemple [["fc", "FC"]].'
            )
        return erreurs

    def finance(self, type_projet: str) -> bool:
        """Le guichet finance-t-il ce type de projet ? (aucun type déclaré : tous)"""
        return not self.types_projet or type_projet in self.types_projet

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
        """Les agents habilités à instruire ce guichet (administrateurs non compris) : le rôle
        du guichet sur son territoire, ou une habilitation limitée à ce guichet."""
        from django.contrib.auth import get_user_model

        from fonds.comptes.models import Habilitation

        User = get_user_model()
        limitees = Habilitation.objects.actives().filter(guichet=self).values("user_id")
        return User.objects.filter(
            Q(
                pk__in=User.objects.agents(
                    self.role_instructeur,
                    region_id=self.region_id,
                    departement_id=self.departement_id,
                ).values("pk")
            )
            | Q(pk__in=limitees, is_active=True)
        )
