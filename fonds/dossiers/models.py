"""Guichets (où l'on dépose) et dossiers (ce qu'on y dépose), communs à tous les axes.

Un axe déclare ses guichets et, s'il le faut, ses étapes d'instruction (`Guichet.etapes`) ;
les règles qui changent un dossier sont dans `services.py`, une fonction par transition.
"""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.comptes.enums import Role

from .enums import ETATS_DECIDES, ETATS_VISIBLES_AGENTS, Axe, Etat, StatutAnalyse, TypePiece


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
    population_max = models.PositiveIntegerField(
        "population maximale", null=True, blank=True, help_text="Seuil facultatif (Axe 3)."
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
        help_text=f"Codes parmi : {', '.join(TypePiece.values)}.",
    )
    formulaire = models.CharField(
        "formulaire du guichet",
        max_length=200,
        blank=True,
        help_text="Chemin Python de la classe de formulaire déclarée par l'axe (sous-classe de "
        "fonds.dossiers.forms.DossierForm) ; vide : le formulaire générique.",
    )
    etapes = models.JSONField(
        "étapes d'instruction propres au guichet",
        default=list,
        blank=True,
        help_text='Liste de [code, libellé], par exemple [["preselectionne", "Pré-sélectionné"]].',
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

        from .forms import DossierForm

        if self.formulaire:
            try:
                classe = self.classe_formulaire()
            except ImportError:
                classe = None
            if not (isinstance(classe, type) and issubclass(classe, DossierForm)):
                raise ValidationError(
                    {"formulaire": "Ce chemin ne mène pas à un formulaire de dossier."}
                )
        inconnues = set(self.pieces_requises) - set(TypePiece.values)
        if inconnues:
            raise ValidationError(
                {"pieces_requises": f"Types de pièce inconnus : {', '.join(sorted(inconnues))}."}
            )

    def est_ouvert(self, maintenant=None) -> bool:
        maintenant = maintenant or timezone.now()
        return self.ouverture <= maintenant and (self.cloture is None or maintenant < self.cloture)

    def libelles_pieces_requises(self) -> list[tuple[str, str]]:
        return [(code, TypePiece(code).label) for code in self.pieces_requises]

    def libelle_etape(self, code: str) -> str:
        return dict(self.etapes).get(code, code)

    def classe_formulaire(self):
        """Le formulaire du guichet : celui que déclare l'axe, ou le générique. Le chemin est
        une donnée : `fonds` n'importe aucune application d'axe."""
        from django.utils.module_loading import import_string

        from .forms import DossierForm

        return import_string(self.formulaire) if self.formulaire else DossierForm

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


class DossierQuerySet(models.QuerySet):
    def etat(self) -> str:
        """Le validateur des pages en cache qui montrent ces dossiers : leur nombre et leur
        dernière modification (toute écriture d'un dossier, de ses messages, pièces et
        annotations l'avance ; voir `services._toucher`). Une requête."""
        etat = self.order_by().aggregate(n=models.Count("modifie_le"), m=models.Max("modifie_le"))
        return f"{etat['n']}:{etat['m']}"

    def avec_details(self):
        return self.select_related(
            "guichet", "collectivite__departement", "collectivite__region", "instructeur"
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
        qs = self.filter(
            etat__in=ETATS_VISIBLES_AGENTS, guichet__in=Guichet.objects.instruits_par(user)
        )
        return qs if guichet is None else qs.filter(guichet=guichet)

    def for_user(self, user):
        """Tout ce que `user` peut voir : les dossiers de ses collectivités et ceux qu'il
        instruit."""
        from fonds.comptes.perms import droits

        d = droits(user)
        guichets = Guichet.objects.instruits_par(user)
        return self.filter(
            Q(collectivite_id__in=d.collectivites)
            | Q(guichet__in=guichets, etat__in=ETATS_VISIBLES_AGENTS)
        )

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
            # Le validateur des pages en cache d'un guichet (nombre et dernière modification des
            # dossiers déposés) : lu dans l'index seul.
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


class StockagePrive(FileSystemStorage):
    """Les pièces jointes, hors de toute adresse publique : servies seulement par une vue qui
    vérifie les droits. Le dossier est lu dans les réglages à chaque accès (tests)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PIECES_JOINTES_ROOT

    @property
    def location(self):
        return str(settings.PIECES_JOINTES_ROOT)

    def url(self, name):
        raise NotImplementedError("Les pièces jointes n'ont pas d'adresse publique.")


def nom_aleatoire(instance, filename) -> str:
    """Nom stocké sans rien du nom d'origine : ni chemin, ni extension."""
    return f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class PieceJointeQuerySet(models.QuerySet):
    def du_dossier(self):
        return self.filter(message__isnull=True)


class PieceJointe(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pieces")
    message = models.ForeignKey(
        "Message", on_delete=models.CASCADE, null=True, blank=True, related_name="pieces"
    )
    type_piece = models.CharField("type de pièce", max_length=15, choices=TypePiece.choices)
    nom_original = models.CharField("nom du fichier", max_length=255)
    fichier = models.FileField(storage=StockagePrive, upload_to=nom_aleatoire, max_length=200)
    taille = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField(max_length=64)
    type_contenu = models.CharField("type détecté", max_length=100)
    statut_analyse = models.CharField(
        max_length=15, choices=StatutAnalyse.choices, default=StatutAnalyse.EN_ATTENTE
    )
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deposee_le = models.DateTimeField(auto_now_add=True)

    objects = PieceJointeQuerySet.as_manager()

    class Meta:
        ordering = ["deposee_le"]
        verbose_name = "pièce jointe"

    def __str__(self):
        return self.nom_original


class Message(models.Model):
    """Un message du fil entre la collectivité et les agents, visible des deux."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    de_agent = models.BooleanField("écrit par un agent")
    corps = models.TextField("message")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cree_le"]

    def __str__(self):
        return f"Message de {self.auteur} ({self.cree_le:%d/%m/%Y})"


class Annotation(models.Model):
    """Une note privée des agents : jamais montrée à la collectivité."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="annotations")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    texte = models.TextField("annotation privée")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cree_le"]

    def __str__(self):
        return f"Annotation de {self.auteur}"
