"""Le petit monde sur lequel la matrice et les budgets jouent chaque page.

Il part des fixtures `territoire` et `roles` de `tests/conftest.py` et y ajoute les objets
réels qui servent à résoudre les adresses (une demande d'adhésion en attente à la commune A,
une autre à la commune B ; un guichet de l'Axe 3 par département X et Y et des dossiers dans
chaque état) et à vérifier le contenu des listes (une notification non lue par rôle, un
dossier de la commune B qui ne doit jamais apparaître aux agents de X). `grossir()` ajoute le
volume des budgets de requêtes.

Financement (`_monde_financement`, `_grossir_financement`) : l'arbre du fonds, une enveloppe
de l'axe 3 déléguée au département X, une au département Y, une subvention à la commune A (DX)
dont la convention (vrai PDF) est signée par la commune et attend le contreseing, une
subvention à la commune B (DY) contresignée avec un premier versement, et une subvention sur
l'axe 1 et une sur l'axe 2 (commune C) pour éprouver les périmètres de l'ANCT et de la DINUM.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fonds.comptes.enums import Role, StatutAdhesion
from fonds.comptes.models import Adhesion, Habilitation
from fonds.dossiers.enums import Etat, TypePiece
from fonds.dossiers.fichiers import PDF as TYPE_PDF
from fonds.dossiers.models import Annotation, Dossier, Guichet, Message, PieceJointe
from fonds.financement import services as financement
from fonds.financement.enums import (
    Axe,
    NatureEnveloppe,
    StatutSubvention,
    TypeMouvement,
    TypeVersement,
)
from fonds.financement.models import (
    Convention,
    Engagement,
    Enveloppe,
    Mouvement,
    Subvention,
    Versement,
)
from fonds.notifications.models import Notification
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory, UserFactory
from tests.dossiers import sorte_essai
from tests.dossiers.factories import PDF, DossierFactory, GuichetFactory
from tests.financement.conftest import attribuer as attribuer_depuis_un_dossier

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
    "jure_dy",
    "instructeur_dx_conflit",
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
    financement: "MondeFinancement | None" = None
    # Commune A, en instruction au guichet de X d'une sorte à étapes (tests/dossiers/sorte_essai)
    etape_a: Dossier | None = None
    # Les objets des axes (tests/preuves/axes/) : nom du module → ce que son `construire` rend.
    axes: dict = field(default_factory=dict)

    def grossir(self, n: int = 50, axes: set[str] | None = None) -> None:
        """Le volume « beaucoup » des budgets : n collectivités, n demandes en attente,
        n adhésions validées de membre_a, n notifications par personne ; puis le volume des
        modules d'axes `axes` (leurs noms ; None : tous)."""
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
        # Des guichets ouverts de plus (de X, de la région, nationaux) : la liste publique des
        # guichets, leurs règles et l'orientation les lisent.
        for i in range(n // 5):
            GuichetFactory(
                nom=f"Guichet de volume {i}",
                departement=t["dx"] if i % 3 == 0 else None,
                region=t["region"] if i % 3 == 1 else None,
                role_instructeur="instructeur" if i % 3 < 2 else "dinum",
                population_max=50_000 if i % 2 else None,
            )
        self._grossir_dossiers(n)
        _grossir_financement(self, n)
        for module in _modules_des_axes("grossir"):
            if axes is None or module.__name__.rsplit(".", 1)[-1] in axes:
                module.grossir(self, n)

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


def _modules_des_axes(fonction: str) -> list:
    from tests.preuves import axes

    return [module for module in axes.modules() if hasattr(module, fonction)]


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
    # Le juré limité à un guichet : il ne voit que le guichet de Y, rien du guichet de X.
    Habilitation.objects.create(user=roles["jure_dy"], role=Role.JURE, guichet=monde.guichet_dy)
    monde.financement = _monde_financement(monde)
    monde.etape_a = DossierFactory(
        guichet=GuichetFactory(
            departement=territoire["dx"],
            slug="guichet-sorte-dx",
            nom="Guichet d'essai DX",
            type=sorte_essai.CODE,
        ),
        collectivite=territoire["a"],
        cree_par=roles["membre_a"],
        titre="Dossier à étapes de la commune A",
        en_instruction=True,
    )
    for module in _modules_des_axes("construire"):
        monde.axes[module.__name__.rsplit(".", 1)[1]] = module.construire(monde)
    # En dernier : la plus récente de chacun (Mon espace montre les dernières non lues).
    for role, user in roles.items():
        if user is not None:
            monde.notifications[role] = Notification.objects.create(
                destinataire=user, cle="matrice", titre=f"Notification pour « {role} »", texte="…"
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


# --- Financement (fonds.financement) -----------------------------------------------------------


@dataclass
class MondeFinancement:
    enveloppe_region: Enveloppe
    enveloppe_dx: Enveloppe
    enveloppe_dy: Enveloppe
    enveloppe_axe1: Enveloppe
    enveloppe_axe2: Enveloppe
    subvention_a: Subvention  # commune A, DX : convention signée par A, à contresigner
    convention_a: Convention
    subvention_b: Subvention  # commune B, DY : convention contresignée, une avance versée
    convention_b: Convention
    versement_b: Versement
    subvention_axe1: Subvention  # commune C, axe 1 (ANCT)
    subvention_axe2: Subvention  # commune C, axe 2 (DINUM)


def pdf_signe(nom: str = "convention-signee.pdf") -> SimpleUploadedFile:
    """Un vrai petit PDF d'une page, comme une copie signée scannée."""
    import io

    from pypdf import PdfWriter

    ecrivain = PdfWriter()
    ecrivain.add_blank_page(width=595, height=842)
    tampon = io.BytesIO()
    ecrivain.write(tampon)
    return SimpleUploadedFile(nom, tampon.getvalue(), content_type="application/pdf")


def _convention_generee(subvention: Subvention, par) -> Convention:
    """Émet la convention et produit son PDF (ce que ferait la tâche après la transaction)."""
    convention = financement.emettre_convention(subvention=subvention, par=par)
    financement.generer_pdf_convention(convention_id=convention.pk)
    convention.refresh_from_db()
    subvention.refresh_from_db()
    return convention


def _monde_financement(monde: Monde) -> MondeFinancement:
    t, r = monde.territoire, monde.roles
    admin = r["administrateur"]
    financement.initialiser_fonds(par=admin)
    axes = {e.axe: e for e in Enveloppe.objects.filter(nature=NatureEnveloppe.AXE)}

    def creer(parent, nom, nature, montant, par, **territoire):
        return financement.creer_enveloppe(
            parent=parent,
            nom=nom,
            nature=nature,
            montant=Decimal(montant),
            motif=f"Délégation : {nom}",
            par=par,
            **territoire,
        )

    region = creer(
        axes[Axe.AXE_3],
        "Enveloppe Région Une",
        NatureEnveloppe.REGION,
        "500000.00",
        admin,
        region=t["region"],
    )
    dx = creer(
        region,
        "Enveloppe Département X",
        NatureEnveloppe.DEPARTEMENT,
        "100000.00",
        r["instructeur_region"],
        departement=t["dx"],
    )
    dy = creer(
        region,
        "Enveloppe Département Y",
        NatureEnveloppe.DEPARTEMENT,
        "100000.00",
        r["instructeur_region"],
        departement=t["dy"],
    )
    axe1 = creer(axes[Axe.AXE_1], "Services co-construits", NatureEnveloppe.APPEL, "1000000", admin)
    axe2 = creer(axes[Axe.AXE_2], "Volet démarches", NatureEnveloppe.APPEL, "1000000", admin)

    # Les guichets DX et DY engagent sur leur enveloppe ; chaque subvention naît d'un dossier
    # accepté (sur ces guichets, et sur un guichet de l'axe 1 et de l'axe 2).
    Guichet.objects.filter(pk=monde.guichet_dx.pk).update(enveloppe=dx)
    Guichet.objects.filter(pk=monde.guichet_dy.pk).update(enveloppe=dy)
    monde.guichet_dx.refresh_from_db()
    monde.guichet_dy.refresh_from_db()

    def attribuer(enveloppe, beneficiaire, par, objet):
        return attribuer_depuis_un_dossier(enveloppe, beneficiaire, par, objet=objet)

    sub_a = attribuer(dx, t["a"], r["instructeur_dx"], "Projet de la commune A en DX")
    conv_a = _convention_generee(sub_a, r["instructeur_dx"])
    with conv_a.fichier.open("rb") as f:
        copie = SimpleUploadedFile("signee-a.pdf", f.read(), content_type="application/pdf")
    conv_a = financement.deposer_convention_signee(
        convention=conv_a, fichier=copie, par=r["membre_a"]
    )

    sub_b = attribuer(dy, t["b"], r["instructeur_dy"], "Projet de la commune B en DY")
    conv_b = _convention_generee(sub_b, r["instructeur_dy"])
    conv_b = financement.deposer_convention_signee(
        convention=conv_b, fichier=pdf_signe("signee-b.pdf"), par=r["membre_b"]
    )
    conv_b = financement.contresigner_convention(convention=conv_b, par=r["instructeur_dy"])
    versement_b = financement.enregistrer_versement(
        subvention=sub_b,
        type=TypeVersement.AVANCE,
        montant=Decimal("2400.00"),
        date=datetime.date(2025, 1, 15),
        reference="AVANCE-B-1",
        par=r["instructeur_dy"],
    )
    sub_b.refresh_from_db()
    return MondeFinancement(
        enveloppe_region=region,
        enveloppe_dx=dx,
        enveloppe_dy=dy,
        enveloppe_axe1=axe1,
        enveloppe_axe2=axe2,
        subvention_a=sub_a,
        convention_a=conv_a,
        subvention_b=sub_b,
        convention_b=conv_b,
        versement_b=versement_b,
        subvention_axe1=attribuer(axe1, t["c"], r["anct"], "Service co-construit (axe 1)"),
        subvention_axe2=attribuer(axe2, t["c"], r["dinum"], "Démarches en ligne (axe 2)"),
    )


def _grossir_financement(monde: Monde, n: int) -> None:
    """n subventions de plus (réparties sur DX, DY et les axes 1 et 2), chacune avec un
    versement ; des enveloppes filles et des mouvements sous DX ; des versions remplacées et
    des versements de plus sur les subventions A et B. En masse, hors services : seul le volume
    compte ici, pas les règles."""
    f, t, r = monde.financement, monde.territoire, monde.roles
    admin = r["administrateur"]
    filles = Enveloppe.objects.bulk_create(
        Enveloppe(
            parent=f.enveloppe_dx,
            nom=f"Guichet DX {i}",
            nature=NatureEnveloppe.GUICHET,
            axe=Axe.AXE_3,
            region=t["region"],
            departement=t["dx"],
        )
        for i in range(n // 5)
    )
    Mouvement.objects.bulk_create(
        Mouvement(
            type=TypeMouvement.REDEPLOIEMENT,
            source=f.enveloppe_dy,
            destination=f.enveloppe_dx,
            montant=Decimal("1.00"),
            motif=f"Volume {i}",
            par=admin,
        )
        for i in range(n)
    )
    cibles = [
        (f.enveloppe_dx, t["a"]),
        (f.enveloppe_dy, t["b"]),
        (f.enveloppe_axe1, t["c"]),
        (f.enveloppe_axe2, t["c"]),
        *((fille, t["a"]) for fille in filles[:2]),
    ]
    engagements, subventions = [], []
    for i in range(n):
        enveloppe, beneficiaire = cibles[i % len(cibles)]
        engagements.append(
            Engagement(
                enveloppe=enveloppe,
                beneficiaire=beneficiaire,
                objet=f"Volume {i}",
                montant=Decimal("100.00"),
                montant_initial=Decimal("100.00"),
                cree_par=admin,
            )
        )
    Engagement.objects.bulk_create(engagements)
    for i, engagement in enumerate(engagements):
        enveloppe, beneficiaire = cibles[i % len(cibles)]
        subventions.append(
            Subvention(
                beneficiaire=beneficiaire,
                enveloppe=enveloppe,
                engagement=engagement,
                axe=enveloppe.axe,
                region_id=enveloppe.region_id,
                departement_id=beneficiaire.departement_id if enveloppe.region_id else None,
                objet=f"Volume {i}",
                cout_eligible=Decimal("200.00"),
                taux=Decimal("50"),
                montant=Decimal("100.00"),
                montant_verse=Decimal("30.00"),
                statut=StatutSubvention.EN_PAIEMENT,
                motif_exceptionnel="Volume des preuves",
                cree_par=admin,
            )
        )
    Subvention.objects.bulk_create(subventions)
    maintenant = timezone.now()
    Convention.objects.bulk_create(
        Convention(subvention=s, version=1, emise_par=admin) for s in subventions
    )
    Versement.objects.bulk_create(
        [
            *(
                Versement(
                    subvention=s,
                    type=TypeVersement.AVANCE,
                    montant=Decimal("30.00"),
                    date=datetime.date(2025, 2, 1),
                    reference=f"VOLUME-{i}",
                    par=admin,
                )
                for i, s in enumerate(subventions)
            ),
            *(
                Versement(
                    subvention=s,
                    type=TypeVersement.ACOMPTE,
                    montant=Decimal("0.01"),
                    date=datetime.date(2025, 3, 1),
                    reference=f"VOLUME-{s.pk}-{i}",
                    par=admin,
                )
                for s in (f.subvention_a, f.subvention_b)
                for i in range(n // 5)
            ),
        ]
    )
    for s in (f.subvention_a, f.subvention_b):  # anciennes versions remplacées
        Convention.objects.bulk_create(
            Convention(subvention=s, version=100 + i, emise_par=admin, remplacee_le=maintenant)
            for i in range(n // 5)
        )
