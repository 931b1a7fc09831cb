"""Le guichet à forfait FranceConnect / API nationales (axe 2) : les API qu'il finance (une
liste qu'un administrateur étend) et la demande d'une collectivité, avec son cahier des
charges simplifié. L'argent (dossier, engagement, subvention) est celui du socle : la demande
pointe vers le dossier que sa décision automatique accepte."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

#: La sorte de guichet (`Guichet.type`) que déclare ce module.
CODE_FORFAIT = "forfait"


class SorteForfait(models.TextChoices):
    """Les deux sortes de forfait : ce sont aussi les catégories du guichet (plafond par
    catégorie du socle)."""

    FRANCECONNECT = "franceconnect", "FranceConnect"
    API = "api", "API nationale"


class StatutDemande(models.TextChoices):
    ACCORDEE = "accordee", "Accordée"
    EN_ATTENTE = "en_attente", "En liste d'attente"
    REVOQUEE = "revoquee", "Révoquée"


#: Les demandes qui tiennent une place (plafonds, sorte) : accordées ou en liste d'attente.
STATUTS_VIVANTS = (StatutDemande.ACCORDEE, StatutDemande.EN_ATTENTE)


class EtatDataPass(models.TextChoices):
    OBTENUE = "obtenue", "Habilitation obtenue"
    DEMANDEE = "demandee", "Habilitation demandée, en cours d'instruction"


#: Les API proposées d'emblée (la migration initiale les pose ; la démonstration les remet si
#: une base vidée les a perdues). Un administrateur en ajoute d'autres.
API_NATIONALES = (
    ("api_entreprise", "API Entreprise"),
    ("api_particulier", "API Particulier"),
    ("api_impot_particulier", "API Impôt particulier"),
    ("api_droits_cnam", "API Droits CNAM"),
    ("api_indemnites_pole_emploi", "API Indemnités Pôle emploi"),
)


class ApiNationaleQuerySet(models.QuerySet):
    def proposees(self):
        return self.filter(active=True).order_by("nom")

    def garantir_celles_de_depart(self) -> None:
        for code, nom in API_NATIONALES:
            self.get_or_create(code=code, defaults={"nom": nom})


class ApiNationale(models.Model):
    """Une API nationale qu'un forfait « API » permet de raccorder (API Entreprise, API
    Particulier…). Un administrateur en ajoute depuis l'administration."""

    code = models.SlugField(max_length=60, unique=True)
    nom = models.CharField(max_length=120, unique=True)
    active = models.BooleanField("proposée aux demandeurs", default=True)

    objects = ApiNationaleQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]
        verbose_name = "API nationale"
        verbose_name_plural = "API nationales"

    def __str__(self):
        return self.nom


class DemandeForfaitQuerySet(models.QuerySet):
    def vivantes(self):
        return self.filter(statut__in=STATUTS_VIVANTS)

    def liste_attente(self, guichet):
        """La liste d'attente du guichet, dans l'ordre où elle est servie : le dépôt d'abord."""
        return self.filter(guichet=guichet, statut=StatutDemande.EN_ATTENTE).order_by(
            "deposee_le", "pk"
        )

    def pour_liste(self):
        return self.select_related("collectivite__departement", "api", "subvention", "dossier")

    def de_la_personne(self, user):
        """Les demandes des collectivités dont `user` est membre vérifié."""
        from fonds.comptes.perms import droits

        return self.filter(collectivite_id__in=droits(user).collectivites)


class DemandeForfait(models.Model):
    """La demande d'un forfait, décidée dans la requête de son dépôt : accordée (le dossier
    du socle est accepté par la décision automatique), ou mise en liste d'attente quand seule
    l'enveloppe manque. Les réponses au cahier des charges sont des colonnes : les agents les
    filtrent et les exportent."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    guichet = models.ForeignKey(
        "dossiers.Guichet", on_delete=models.PROTECT, related_name="demandes_forfait"
    )
    collectivite = models.ForeignKey(
        "collectivites.Collectivite", on_delete=models.PROTECT, related_name="demandes_forfait"
    )
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="demande_forfait"
    )
    subvention = models.OneToOneField(
        "financement.Subvention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demande_forfait",
    )
    sorte = models.CharField("sorte de forfait", max_length=20, choices=SorteForfait.choices)
    statut = models.CharField(
        max_length=20, choices=StatutDemande.choices, default=StatutDemande.EN_ATTENTE
    )
    # Le cahier des charges simplifié : ce que DataPass n'a pas déjà.
    service_nom = models.CharField("service en ligne concerné", max_length=200)
    service_url = models.URLField("adresse du service en ligne", max_length=500)
    date_cible = models.DateField("date cible de mise en production")
    demarche = models.CharField("démarche qui utilisera FranceConnect", max_length=200, blank=True)
    api = models.ForeignKey(
        ApiNationale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demandes",
        verbose_name="API raccordée",
    )
    reference_datapass = models.CharField("référence de l'habilitation DataPass", max_length=40)
    etat_datapass = models.CharField(
        "habilitation DataPass", max_length=10, choices=EtatDataPass.choices
    )
    contact_nom = models.CharField("contact technique : nom", max_length=150)
    contact_email = models.EmailField("contact technique : adresse électronique")
    maintien_en_production = models.BooleanField(
        "engagement de maintenir le service en production", default=False
    )
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="demandes_forfait"
    )
    deposee_le = models.DateTimeField(default=timezone.now)
    # Suivi : mise en service (déclenche le versement), rappel, révocation.
    mise_en_service_le = models.DateField("date de mise en service", null=True, blank=True)
    adresse_en_service = models.URLField(
        "adresse du service en production", max_length=500, blank=True
    )
    rappel_envoye_le = models.DateTimeField(null=True, blank=True)
    motif_revocation = models.TextField("motif de la révocation", blank=True)

    objects = DemandeForfaitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-deposee_le"]
        verbose_name = "demande de forfait"
        constraints = [
            # Jamais deux forfaits vivants de la même sorte pour un bénéficiaire.
            models.UniqueConstraint(
                fields=["guichet", "collectivite", "sorte"],
                condition=Q(statut__in=STATUTS_VIVANTS),
                name="forfait_une_demande_vivante_par_sorte",
                violation_error_message="Cette collectivité a déjà un forfait de cette sorte.",
            ),
            models.CheckConstraint(
                condition=~Q(sorte=SorteForfait.FRANCECONNECT) | ~Q(demarche=""),
                name="forfait_franceconnect_a_sa_demarche",
                violation_error_message="Un forfait FranceConnect nomme sa démarche.",
            ),
            models.CheckConstraint(
                condition=~Q(sorte=SorteForfait.API) | Q(api__isnull=False),
                name="forfait_api_nomme_son_api",
                violation_error_message="Un forfait API nomme l'API raccordée.",
            ),
            models.CheckConstraint(
                condition=~Q(statut=StatutDemande.ACCORDEE) | Q(subvention__isnull=False),
                name="forfait_accorde_a_sa_subvention",
            ),
            models.CheckConstraint(
                condition=Q(maintien_en_production=True),
                name="forfait_engagement_de_maintien",
                violation_error_message="L'engagement de maintien en production est requis.",
            ),
        ]
        indexes = [
            models.Index(fields=["guichet", "statut", "deposee_le"], name="forfait_attente"),
            models.Index(fields=["guichet", "-deposee_le"], name="forfait_guichet_depot"),
        ]

    def __str__(self):
        return f"{self.get_sorte_display()} — {self.collectivite} — {self.service_nom}"

    @property
    def objet(self) -> str:
        """Ce qui est financé, en une ligne (titre du dossier, objet de la subvention)."""
        quoi = self.demarche if self.sorte == SorteForfait.FRANCECONNECT else self.api
        return f"Forfait {self.get_sorte_display()} : {self.service_nom} ({quoi})"[:200]
