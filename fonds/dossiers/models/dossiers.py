"""Le dossier et ses requêtes (périmètres des agents et des collectivités)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from fonds.collectivites.models import Collectivite

from ..enums import ETATS_DECIDES, ETATS_VISIBLES_AGENTS, Etat
from .guichets import Guichet


class DossierQuerySet(models.QuerySet):
    def avec_details(self):
        return self.select_related(
            "guichet__enveloppe", "collectivite__departement", "collectivite__region", "instructeur"
        )

    def pour_liste(self):
        """La liste d'instruction : les seules colonnes qu'elle montre, trois jointures
        (collectivité, son département, instructeur), planifiée en moins d'une milliseconde."""
        return self.select_related("collectivite__departement", "instructeur").only(
            "uuid",
            "titre",
            "tags",
            "etat",
            "complements_demandes",
            "montant_demande",
            "depose_le",
            "collectivite__nom",
            "collectivite__departement__code",
            "instructeur__first_name",
            "instructeur__last_name",
            "instructeur__email",
        )

    def pour_mon_espace(self, collectivite):
        """Les dossiers d'une collectivité, avec le nombre de messages des agents : une
        requête."""
        return (
            self.filter(collectivite=collectivite)
            .select_related("guichet")
            .annotate(messages_agents=models.Count("messages", filter=Q(messages__de_agent=True)))
            .order_by("-modifie_le")
        )

    def instruits_par(self, user, guichet=None):
        """Les dossiers déposés que `user` peut instruire (règle de
        `perms.peut_instruire`), d'un guichet ou de tous."""
        qs = self.filter(self._instruits(user))
        return qs if guichet is None else qs.filter(guichet=guichet)

    @staticmethod
    def _instruits(user) -> Q:
        """Déposés, d'un guichet que `user` instruit, sans les collectivités avec lesquelles il
        a déclaré un conflit d'intérêts."""
        from fonds.comptes.perms import droits

        return Q(
            etat__in=ETATS_VISIBLES_AGENTS, guichet__in=Guichet.objects.instruits_par(user)
        ) & ~Q(collectivite_id__in=droits(user).conflits)

    def for_user(self, user):
        """Tout ce que `user` peut voir : les dossiers de ses collectivités et ceux qu'il
        instruit."""
        from fonds.comptes.perms import droits

        d = droits(user)
        return self.filter(Q(collectivite_id__in=d.collectivites) | self._instruits(user))

    def rechercher(self, texte: str):
        """Recherche plein texte : français de PostgreSQL, sinon `icontains`."""
        from django.db import connection

        texte = texte.strip()
        if not texte:
            return self
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery

            # Colonne `recherche` tenue à jour par `indexer_recherche`, index GIN.
            return self.filter(
                recherche=SearchQuery(texte, config="french", search_type="websearch")
            )
        condition = Q()
        for mot in texte.split():
            condition &= (
                Q(titre__icontains=mot)
                | Q(description__icontains=mot)
                | Q(collectivite__nom__icontains=mot)
                | Q(tags__icontains=mot)
            )
        return self.filter(condition)

    def indexer_recherche(self) -> int:
        """Recalcule le vecteur de recherche plein texte (PostgreSQL seulement) : titre,
        description, étiquettes et nom de la collectivité."""
        from django.db import connection

        if connection.vendor != "postgresql":
            return 0
        from django.contrib.postgres.search import SearchVector

        nom = Collectivite.objects.filter(pk=models.OuterRef("collectivite_id")).values("nom")
        return self.update(
            recherche=SearchVector(
                "titre", "description", "tags", models.Subquery(nom), config="french"
            )
        )


class Dossier(models.Model):
    """La demande d'une collectivité à un guichet. Elle appartient à la collectivité :
    chacun de ses membres vérifiés peut la compléter et la déposer."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    guichet = models.ForeignKey(Guichet, on_delete=models.PROTECT, related_name="dossiers")
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.PROTECT, related_name="dossiers"
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dossiers_crees"
    )
    etat = models.CharField(max_length=20, choices=Etat.choices, default=Etat.BROUILLON)
    etape = models.CharField(
        "étape d'instruction", max_length=40, blank=True, help_text="Étape propre à l'axe."
    )
    titre = models.CharField("titre du projet", max_length=200, blank=True)
    description = models.TextField("description du projet", blank=True)
    montant_demande = models.DecimalField(
        "montant demandé (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    cout_eligible = models.DecimalField(
        "dépenses éligibles (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Base du taux de subvention du guichet.",
    )
    categorie = models.CharField(
        "catégorie de la demande",
        max_length=40,
        blank=True,
        help_text="Une des catégories du guichet (plafonds par catégorie).",
    )
    donnees = models.JSONField("réponses au formulaire du guichet", default=dict, blank=True)
    tags = models.CharField(
        "étiquettes", max_length=300, blank=True, help_text="Séparées par des virgules."
    )
    instructeur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers_attribues",
        verbose_name="instructeur attribué",
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)
    depose_le = models.DateTimeField("déposé le", null=True, blank=True)
    decide_le = models.DateTimeField("décidé le", null=True, blank=True)
    motivation = models.TextField("motivation de la décision", blank=True)
    complements_demandes = models.BooleanField("compléments demandés", default=False)
    complements_message = models.TextField("compléments attendus", blank=True)
    complements_avant = models.DateField("compléments attendus avant le", null=True, blank=True)

    # Recherche plein texte en français (PostgreSQL ; index GIN créé par la migration 0002).
    recherche = SearchVectorField(null=True, editable=False)

    objects = DossierQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["modifie_le", "recherche"])

    class Meta:
        ordering = ["-modifie_le"]
        constraints = [
            models.CheckConstraint(
                condition=Q(etat=Etat.BROUILLON) | Q(depose_le__isnull=False),
                name="dossier_depose_a_une_date",
            ),
            models.CheckConstraint(
                condition=~Q(etat__in=[Etat.REFUSE, Etat.CLASSE_SANS_SUITE]) | ~Q(motivation=""),
                name="dossier_refus_motive",
                violation_error_message="Un refus ou un classement sans suite est motivé.",
            ),
            models.CheckConstraint(
                condition=Q(montant_demande__isnull=True) | Q(montant_demande__gt=0),
                name="dossier_montant_positif",
            ),
            models.CheckConstraint(
                condition=Q(complements_demandes=False) | Q(etat=Etat.DEPOSE),
                name="dossier_complements_sur_depose",
            ),
        ]
        # Chaque tri de la liste d'instruction (filters.py) a son index dans le guichet ; les
        # filtres par texte (collectivité, étiquette) ne lisent que les lignes du guichet.
        indexes = [
            models.Index(fields=["guichet", "etat", "-depose_le"]),
            models.Index(fields=["collectivite", "etat"]),
            models.Index(fields=["guichet", "-depose_le"], name="dossier_guichet_depose"),
            models.Index(fields=["guichet", "montant_demande"], name="dossier_guichet_montant"),
            models.Index(fields=["guichet", "titre"], name="dossier_guichet_titre"),
            models.Index(fields=["guichet", "instructeur"], name="dossier_guichet_instructeur"),
            # Les dossiers d'un guichet dans un état, par dernière modification (l'ordre par
            # défaut de la liste d'instruction quand elle filtre par état).
            models.Index(fields=["guichet", "etat", "modifie_le"], name="dossier_guichet_modifie"),
        ]

    def __str__(self):
        return self.titre or f"Dossier {str(self.uuid)[:8]}"

    @property
    def est_decide(self) -> bool:
        return self.etat in ETATS_DECIDES

    @property
    def liste_tags(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    def prochaine_action(self) -> str:
        """Ce que la collectivité doit faire (ou attendre), en une phrase."""
        if self.etat == Etat.BROUILLON:
            return "Compléter et déposer le dossier"
        if self.complements_demandes:
            return "Apporter les compléments demandés"
        return {
            Etat.DEPOSE: "Attendre le début de l'instruction",
            Etat.EN_INSTRUCTION: "Attendre la décision",
            Etat.ACCEPTE: "Consulter la décision",
            Etat.REFUSE: "Consulter la décision",
            Etat.CLASSE_SANS_SUITE: "Consulter la décision",
        }[self.etat]
