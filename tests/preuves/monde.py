"""Le petit monde sur lequel la matrice et les budgets jouent chaque page.

Il part des fixtures `territoire` et `roles` de `tests/conftest.py` et y ajoute les objets
réels qui servent à résoudre les adresses (une demande d'adhésion en attente à la commune A,
une autre à la commune B ; un guichet de l'Axe 3 par département X et Y et des dossiers dans
chaque état) et à vérifier le contenu des listes (une notification non lue par rôle, un
dossier de la commune B qui ne doit jamais apparaître aux agents de X). `grossir()` ajoute le
volume des budgets de requêtes.
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from fonds.comptes.enums import StatutAdhesion
from fonds.comptes.models import Adhesion
from fonds.dossiers.enums import Etat, TypePiece
from fonds.dossiers.fichiers import PDF as TYPE_PDF
from fonds.dossiers.models import Annotation, Dossier, Guichet, Message, PieceJointe
from fonds.notifications.models import Notification
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory, UserFactory
from tests.dossiers.factories import PDF, DossierFactory, GuichetFactory

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
    guichet_dx: Guichet  # Axe 3, département X, instruit en préfecture (Role.INSTRUCTEUR)
    guichet_dy: Guichet  # Axe 3, département Y
    brouillon_a: Dossier  # commune A, complet, prêt à déposer ; invisible des agents
    depose_a: Dossier  # commune A, déposé : une pièce, un message, une annotation
    complements_a: Dossier  # commune A, déposé, compléments demandés
    en_instruction_a: Dossier  # commune A
    decide_a: Dossier  # commune A, accepté : sa lettre de décision
    depose_b: Dossier  # commune B au guichet de Y : jamais vu des agents de X
    piece_a: PieceJointe  # sur le dossier déposé (un vrai PDF)
    piece_brouillon_a: PieceJointe  # sur le brouillon (que la collectivité peut retirer)
    message_a: Message
    annotation_a: Annotation
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
        self._grossir_dossiers(n)

    def _grossir_dossiers(self, n: int) -> None:
        """n dossiers déposés de plus au guichet de X (et n au guichet de Y), chacun avec un
        message et une pièce ; n messages, pièces et annotations de plus sur le dossier
        déposé de la commune A."""
        t, membre, agent = self.territoire, self.roles["membre_a"], self.roles["instructeur_dx"]
        maintenant = timezone.now()
        Dossier.objects.bulk_create(
            Dossier(
                guichet=guichet,
                collectivite=collectivite,
                cree_par=membre,
                etat=(Etat.DEPOSE, Etat.EN_INSTRUCTION)[i % 2],
                depose_le=maintenant,
                titre=f"Volume {guichet.slug} {i}",
                description="Projet de volume.",
                montant_demande=1000 + i,
                instructeur=agent if guichet == self.guichet_dx and i % 3 == 0 else None,
            )
            for guichet, collectivite in ((self.guichet_dx, t["a"]), (self.guichet_dy, t["b"]))
            for i in range(n)
        )
        nouveaux = list(Dossier.objects.filter(titre__startswith="Volume "))
        Message.objects.bulk_create(
            [
                *(Message(dossier=d, auteur=membre, de_agent=False, corps="…") for d in nouveaux),
                *(
                    Message(
                        dossier=self.depose_a,
                        auteur=(membre, agent)[i % 2],
                        de_agent=bool(i % 2),
                        corps=f"Message de volume {i}",
                    )
                    for i in range(n)
                ),
            ]
        )
        Annotation.objects.bulk_create(
            Annotation(dossier=self.depose_a, auteur=agent, texte=f"Note {i}") for i in range(n)
        )
        piece = self.piece_a
        PieceJointe.objects.bulk_create(
            PieceJointe(
                dossier=d,
                type_piece=TypePiece.DEVIS,
                nom_original=f"devis-{i}.pdf",
                fichier=piece.fichier.name,
                taille=piece.taille,
                sha256=piece.sha256,
                type_contenu=TYPE_PDF,
                deposee_par=membre,
            )
            for i, d in enumerate([*nouveaux, *([self.depose_a] * n)])
        )


def construire_monde(territoire, roles) -> Monde:
    adhesion_attente_a = Adhesion.objects.get(user=roles["en_attente_a"])
    adhesion_attente_b = AdhesionFactory(
        user=UserFactory(first_name="Dominique", last_name="Demandeur-B"),
        collectivite=territoire["b"],
        statut=StatutAdhesion.EN_ATTENTE,
    )
    monde = Monde(
        territoire, roles, adhesion_attente_a, adhesion_attente_b, **_dossiers(territoire, roles)
    )
    for role, user in roles.items():
        if user is not None:
            monde.notifications[role] = Notification.objects.create(
                destinataire=user, cle="matrice", titre=f"Notification pour {role}", texte="…"
            )
    return monde


def _piece(dossier, par, nom: str) -> PieceJointe:
    """Une pièce jointe dont le fichier est un vrai (petit) PDF, rangé comme le ferait
    `services.ajouter_piece`."""
    piece = PieceJointe(
        dossier=dossier,
        type_piece=TypePiece.DELIBERATION,
        nom_original=nom,
        taille=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
        type_contenu=TYPE_PDF,
        deposee_par=par,
    )
    piece.fichier.save("piece", ContentFile(PDF), save=False)
    piece.save()
    return piece


def _dossiers(territoire, roles) -> dict:
    """Les guichets de X et de Y, et un dossier de la commune A dans chaque état."""
    t, membre_a, agent = territoire, roles["membre_a"], roles["instructeur_dx"]
    guichet_dx = GuichetFactory(departement=t["dx"], slug="guichet-dx", nom="Guichet DX")
    guichet_dy = GuichetFactory(departement=t["dy"], slug="guichet-dy", nom="Guichet DY")

    def dossier_a(titre, **kwargs):
        return DossierFactory(
            guichet=guichet_dx, collectivite=t["a"], cree_par=membre_a, titre=titre, **kwargs
        )

    brouillon_a = dossier_a("Brouillon de la commune A")
    depose_a = dossier_a("Dossier déposé de la commune A", depose=True)
    complements_a = dossier_a(
        "Dossier à compléter de la commune A",
        depose=True,
        complements_demandes=True,
        complements_message="Joindre la délibération.",
    )
    decide_a = dossier_a(
        "Dossier accepté de la commune A",
        etat=Etat.ACCEPTE,
        depose_le=timezone.now(),
        decide_le=timezone.now(),
        motivation="Projet conforme au cahier des charges.",
    )
    depose_b = DossierFactory(
        guichet=guichet_dy,
        collectivite=t["b"],
        cree_par=roles["membre_b"],
        titre="Dossier déposé de la commune B",
        depose=True,
    )
    return {
        "guichet_dx": guichet_dx,
        "guichet_dy": guichet_dy,
        "brouillon_a": brouillon_a,
        "depose_a": depose_a,
        "complements_a": complements_a,
        "en_instruction_a": dossier_a(
            "Dossier en instruction de la commune A", en_instruction=True
        ),
        "decide_a": decide_a,
        "depose_b": depose_b,
        "piece_a": _piece(depose_a, membre_a, "deliberation-a.pdf"),
        "piece_brouillon_a": _piece(brouillon_a, membre_a, "brouillon-a.pdf"),
        "message_a": Message.objects.create(
            dossier=depose_a, auteur=membre_a, de_agent=False, corps="Message de la commune A"
        ),
        "annotation_a": Annotation.objects.create(
            dossier=depose_a, auteur=agent, texte="Annotation privée des agents de X"
        ),
    }
