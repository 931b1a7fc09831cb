"""Les propositions du recueil (besoins et services existants), leurs thèmes et étiquettes,
les collectivités qui les rejoignent et les commentaires."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..enums import BORNES_TAILLE, Issue, Sorte, StatutCommentaire


class Theme(models.Model):
    """Un thème (données : un administrateur en ajoute dans l'administration)."""

    code = models.SlugField(max_length=60, unique=True)
    nom = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["nom"]
        verbose_name = "thème de la consultation"

    def __str__(self):
        return self.nom


class Etiquette(models.Model):
    """Une politique prioritaire (Agenda rural, QPV, Petites Villes de Demain, Action Cœur de
    Ville) ; un administrateur en ajoute d'autres."""

    code = models.SlugField(max_length=60, unique=True)
    nom = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["nom"]
        verbose_name = "étiquette de politique prioritaire"

    def __str__(self):
        return self.nom


#: Thèmes et étiquettes de départ (la migration les pose, la démonstration les remet).
THEMES = (
    ("relation-usagers", "Relation aux usagers et démarches en ligne"),
    ("donnees", "Données et pilotage"),
    ("outils-agents", "Outils des agents et des élus"),
    ("inclusion", "Inclusion numérique"),
    ("territoire", "Aménagement et services du territoire"),
    ("securite", "Cybersécurité et souveraineté"),
)
ETIQUETTES = (
    ("agenda-rural", "Agenda rural"),
    ("qpv", "Quartiers prioritaires de la politique de la ville"),
    ("pvd", "Petites Villes de Demain"),
    ("acv", "Action Cœur de Ville"),
)


def garantir_referentiels() -> None:
    for code, nom in THEMES:
        Theme.objects.get_or_create(code=code, defaults={"nom": nom})
    for code, nom in ETIQUETTES:
        Etiquette.objects.get_or_create(code=code, defaults={"nom": nom})


#: Les champs longs qu'une liste n'affiche pas.
TEXTES_LONGS = (
    "probleme",
    "concernes",
    "existant",
    "ce_qu_il_fait",
    "operateurs",
    "mutualisation",
    "texte_recherche",
    "recherche",
)


class PropositionQuerySet(models.QuerySet):
    def pour_liste(self):
        """Ce qu'affiche une liste : les longs textes restent en base (la recherche les a
        lus dans son vecteur), le nombre de jonctions est tenu sur la ligne."""
        return (
            self.select_related("collectivite", "groupe")
            .prefetch_related("themes", "etiquettes")
            .defer(*TEXTES_LONGS)
        )

    def votables(self, tour):
        """Les propositions gardées qui ne sont dans aucun groupe : on les soutient seules."""
        return self.filter(tour=tour, issue=Issue.GARDEE, groupe__isnull=True)

    def de_taille(self, taille: str):
        bas, haut = BORNES_TAILLE[taille]
        q = Q(collectivite__population__gte=bas)
        if haut is not None:
            q &= Q(collectivite__population__lt=haut)
        if bas == 0:
            q |= Q(collectivite__population__isnull=True, collectivite__isnull=False)
        return self.filter(q)

    def de_region(self, region):
        return self.filter(
            Q(collectivite__region=region) | Q(collectivite__departement__region=region)
        )

    def rechercher(self, texte: str):
        """Recherche plein texte en français (PostgreSQL), sinon `icontains` mot à mot."""
        from django.contrib.postgres.search import SearchQuery
        from django.db import connection

        texte = texte.strip()[:200]
        if not texte:
            return self
        if connection.vendor == "postgresql":
            return self.filter(
                recherche=SearchQuery(texte, config="french", search_type="websearch")
            )
        condition = Q()
        for mot in texte.split()[:10]:
            condition &= Q(titre__icontains=mot) | Q(texte_recherche__icontains=mot)
        return self.filter(condition)

    def indexer_recherche(self) -> int:
        from django.contrib.postgres.search import SearchVector
        from django.db import connection

        if connection.vendor != "postgresql":
            return 0
        return self.update(
            recherche=SearchVector("titre", weight="A", config="french")
            + SearchVector("texte_recherche", weight="B", config="french")
        )


class Proposition(models.Model):
    """Un besoin ou un service existant proposé pendant le recueil, par un membre vérifié d'une
    collectivité (au nom de celle-ci) ou par un partenaire (au nom de son organisation)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tour = models.ForeignKey(
        "consultation.Tour", on_delete=models.PROTECT, related_name="propositions"
    )
    sorte = models.CharField(max_length=10, choices=Sorte.choices)
    titre = models.CharField(max_length=200)
    # Un besoin
    probleme = models.TextField("le problème", blank=True)
    concernes = models.TextField("qui le subit", blank=True)
    frequence = models.CharField("à quelle fréquence", max_length=200, blank=True)
    existant = models.TextField(
        "ce qui existe aujourd'hui et pourquoi cela ne suffit pas", blank=True
    )
    # Un service existant
    ce_qu_il_fait = models.TextField("ce que fait le service", blank=True)
    operateurs = models.TextField("qui l'opère et qui l'utilise", blank=True)
    licence = models.CharField("licence", max_length=100, blank=True)
    code_source = models.URLField("adresse du code source", max_length=500, blank=True)
    mutualisation = models.TextField("comment il pourrait servir à d'autres", blank=True)
    cout = models.CharField("son coût", max_length=300, blank=True)
    # Auteur
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="propositions"
    )
    collectivite = models.ForeignKey(
        "collectivites.Collectivite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="propositions",
    )
    organisation = models.CharField("organisation partenaire", max_length=200, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="propositions")
    etiquettes = models.ManyToManyField(Etiquette, blank=True, related_name="propositions")
    deposee_le = models.DateTimeField(default=timezone.now)
    # Issue décidée par l'ANCT
    issue = models.CharField(max_length=12, choices=Issue.choices, default=Issue.EN_EXAMEN)
    raison = models.TextField("raison publiée", blank=True)
    guichet = models.ForeignKey(
        "dossiers.Guichet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="propositions_reorientees",
        verbose_name="guichet vers lequel la proposition est réorientée",
    )
    decidee_le = models.DateTimeField(null=True, blank=True)
    groupe = models.ForeignKey(
        "consultation.BesoinConsolide",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="propositions",
    )
    # Le dossier accepté du programme national d'investigations qui l'a semée.
    investigation = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="propositions_semees",
    )
    # Les collectivités qui ont rejoint la proposition, tenu par `services.joindre`.
    nb_jonctions = models.PositiveIntegerField(default=0, editable=False)
    # Tout le texte d'une proposition, pour la recherche (et le repli SQLite).
    texte_recherche = models.TextField(blank=True, editable=False)
    recherche = SearchVectorField(null=True, editable=False)

    objects = PropositionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["recherche", "texte_recherche", "nb_jonctions"])

    class Meta:
        ordering = ["-deposee_le"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sorte=Sorte.BESOIN) | ~Q(probleme=""),
                name="proposition_besoin_a_son_probleme",
                violation_error_message="Un besoin décrit le problème.",
            ),
            models.CheckConstraint(
                condition=~Q(sorte=Sorte.SERVICE) | ~Q(ce_qu_il_fait=""),
                name="proposition_service_dit_ce_qu_il_fait",
                violation_error_message="Un service existant dit ce qu'il fait.",
            ),
            models.CheckConstraint(
                condition=Q(collectivite__isnull=False) | ~Q(organisation=""),
                name="proposition_a_un_auteur",
            ),
            models.CheckConstraint(
                condition=~Q(issue=Issue.REORIENTEE) | Q(guichet__isnull=False),
                name="proposition_reorientee_vers_un_guichet",
            ),
            models.CheckConstraint(
                condition=~Q(issue=Issue.REJETEE) | ~Q(raison=""),
                name="proposition_rejetee_avec_raison",
            ),
            models.CheckConstraint(
                condition=Q(groupe__isnull=True) | Q(issue=Issue.GARDEE),
                name="proposition_groupee_est_gardee",
            ),
            models.UniqueConstraint(
                fields=["investigation", "tour"],
                condition=Q(investigation__isnull=False),
                name="proposition_une_par_investigation_et_tour",
            ),
        ]
        indexes = [
            models.Index(fields=["tour", "issue", "groupe"], name="proposition_tour_issue"),
            models.Index(fields=["tour", "-deposee_le"], name="proposition_tour_depot"),
        ]

    def __str__(self):
        return self.titre

    @property
    def auteur_affiche(self) -> str:
        return self.collectivite.nom if self.collectivite_id else self.organisation

    def calculer_texte_recherche(self) -> str:
        champs = (
            self.probleme,
            self.concernes,
            self.existant,
            self.ce_qu_il_fait,
            self.operateurs,
            self.mutualisation,
        )
        return "\n".join(c for c in champs if c)[:20_000]


class Jonction(models.Model):
    """« Nous avons aussi ce besoin » : une collectivité rejoint une proposition."""

    proposition = models.ForeignKey(Proposition, on_delete=models.CASCADE, related_name="jonctions")
    collectivite = models.ForeignKey(
        "collectivites.Collectivite", on_delete=models.PROTECT, related_name="jonctions"
    )
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cree_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposition", "collectivite"],
                name="jonction_une_par_collectivite",
                violation_error_message="Cette collectivité a déjà rejoint cette proposition.",
            )
        ]

    def __str__(self):
        return f"Jonction {self.collectivite_id} → {self.proposition_id}"


class Commentaire(models.Model):
    """Un commentaire publié aussitôt ; l'ANCT le masque au besoin (motif gardé)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposition = models.ForeignKey(
        Proposition, on_delete=models.CASCADE, related_name="commentaires"
    )
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    texte = models.TextField(max_length=4000)
    statut = models.CharField(
        max_length=10, choices=StatutCommentaire.choices, default=StatutCommentaire.PUBLIE
    )
    motif_moderation = models.TextField(blank=True)
    cree_le = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cree_le"]
        indexes = [models.Index(fields=["statut", "-cree_le"], name="commentaire_moderation")]

    def __str__(self):
        return self.texte[:60]
