"""Ce que partagent les contributions au volume national : volumes, constantes, l'état passé
d'une étape à la suivante (`Volume`), l'effacement par lots."""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from fonds.comptes.models import User

DOMAINE = "@volume.fonds.test"
PREFIXE_GUICHET = "volume-"
LOT = 2000

#: Les volumes à l'échelle 1 ; `--echelle` les multiplie (au moins 1 de chaque).
VOLUMES = {
    "collectivites_actives": 6000,
    "dossiers": 20_000,
    "part_axe2": 0.12,  # des dossiers, sur les appels à projets et le guichet FranceConnect/API
    "subventions": 5000,
    "subventions_axe1": 44,  # projets retenus par le comité de sélection (2021)
}

#: (code, libellé) des volets de l'axe 2 et du guichet FranceConnect / API.
VOLETS = [
    ("demarches", "Dématérialisation de qualité des démarches"),
    ("donnee", "Cycle de vie de la donnée"),
    ("ecosystemes", "Coopération avec les écosystèmes locaux"),
    ("franceconnect-api", "FranceConnect et API nationales (forfait de 5 000 €)"),
]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
FICHIER_PIECE = "volume/piece-partagee.pdf"
FICHIER_CONVENTION = "conventions/volume/convention-partagee.pdf"

TITRES = [
    "Portail citoyen et démarches en ligne",
    "Dématérialisation des autorisations d'urbanisme",
    "Formation des agents au numérique",
    "Schéma directeur du numérique",
    "Cybersécurité : audit et plan d'action",
    "Plateforme téléphonique et serveur vocal",
    "Diagnostic des besoins numériques",
    "Gestion relation usagers omnicanale",
    "Ouverture des données de la collectivité",
    "Prise de rendez-vous en ligne",
]


@dataclass
class Volume:
    """Ce que les fonctions de domaine se passent : échelle, hasard reproductible, et les
    objets déjà créés dont la suivante a besoin."""

    echelle: float
    hasard: random.Random
    maintenant: object = field(default_factory=timezone.now)
    admin: User | None = None
    dinum: list = field(default_factory=list)
    anct: list = field(default_factory=list)
    instructeur_dep: dict = field(default_factory=dict)  # departement_id → User
    instructeur_reg: dict = field(default_factory=dict)  # region_id → User
    membres: dict = field(default_factory=lambda: defaultdict(list))  # collectivite_id → [User]
    actives: list = field(default_factory=list)  # collectivités avec des membres
    guichets_dep: dict = field(default_factory=dict)  # departement_id → Guichet
    guichets_axe2: list = field(default_factory=list)
    dossiers: list = field(default_factory=list)
    subventions: list = field(default_factory=list)

    def nombre(self, cle: str) -> int:
        return max(1, round(VOLUMES[cle] * self.echelle))


def _montant(v: Volume, bas: int, haut: int) -> Decimal:
    return Decimal(v.hasard.randrange(bas, haut, 100))


def _effacer(modele, queryset) -> None:
    pks = list(queryset.values_list("pk", flat=True))
    for debut in range(0, len(pks), LOT):
        lot = pks[debut : debut + LOT]
        modele.history.filter(id__in=lot).delete()
        modele.objects.filter(pk__in=lot).delete()
