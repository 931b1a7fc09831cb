"""Le petit monde sur lequel la matrice et les budgets jouent chaque page.

Il part des fixtures `territoire` et `roles` de `tests/conftest.py` et y ajoute les objets
réels qui servent à résoudre les adresses (une demande d'adhésion en attente à la commune A,
une autre à la commune B) et à vérifier le contenu des listes (une notification non lue par
rôle). `grossir()` ajoute le volume des budgets de requêtes.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import reverse

from fonds.comptes.enums import StatutAdhesion
from fonds.comptes.models import Adhesion
from fonds.notifications.models import Notification
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory, UserFactory

# Les rôles du portail, dans l'ordre des fixtures `roles` (tests/conftest.py).
ROLES = (
    "anonyme",
    "membre_a",
    "membre_b",
    "en_attente_a",
    "sans_collectivite",
    "partenaire",
    "instructeur_dx",
    "instructeur_dy",
    "instructeur_region",
    "anct",
    "dinum",
    "jure",
    "administrateur",
)

# Issues possibles d'une requête, telles que la matrice les compare.
OK = "200"
CONNEXION = "302 vers la connexion"
REDIRIGE = "302 ailleurs"  # un POST accepté (redirection après succès), ou une page qui renvoie
INTERDIT = "403"
INTROUVABLE = "404"
METHODE = "405"
INVALIDE = "422"


def issue(response) -> str:
    if response.status_code in (301, 302, 303):
        if urlsplit(response["Location"]).path == reverse("account_login"):
            return CONNEXION
        return REDIRIGE
    return str(response.status_code)


@dataclass
class Monde:
    territoire: dict
    roles: dict
    adhesion_attente_a: Adhesion
    adhesion_attente_b: Adhesion
    notifications: dict = field(default_factory=dict)

    def grossir(self, n: int = 50) -> None:
        """Le volume « beaucoup » des budgets : n collectivités, n demandes en attente,
        n adhésions validées de membre_a, n notifications par personne."""
        t = self.territoire
        nouvelles = [CollectiviteFactory(departement=t["dx"]) for _ in range(n)]
        for i in range(n):
            cible = (t["a"], t["b"], nouvelles[i])[i % 3]
            AdhesionFactory(collectivite=cible, statut=StatutAdhesion.EN_ATTENTE)
        for collectivite in nouvelles[: n // 2]:
            AdhesionFactory(user=self.roles["membre_a"], collectivite=collectivite)
        Notification.objects.bulk_create(
            Notification(destinataire=user, cle=f"volume-{i}", titre=f"Volume {i}", texte="…")
            for user in self.roles.values()
            if user is not None
            for i in range(n)
        )


def construire_monde(territoire, roles) -> Monde:
    adhesion_attente_a = Adhesion.objects.get(user=roles["en_attente_a"])
    adhesion_attente_b = AdhesionFactory(
        user=UserFactory(first_name="Dominique", last_name="Demandeur-B"),
        collectivite=territoire["b"],
        statut=StatutAdhesion.EN_ATTENTE,
    )
    monde = Monde(territoire, roles, adhesion_attente_a, adhesion_attente_b)
    for role, user in roles.items():
        if user is not None:
            monde.notifications[role] = Notification.objects.create(
                destinataire=user, cle="matrice", titre=f"Notification pour {role}", texte="…"
            )
    return monde
