"""Le volume national : des données réalistes, à l'échelle du vrai fonds, pour mesurer la vitesse.

Posé sur le vrai registre des collectivités (`charger_registre`), `volume_national` crée, à
l'échelle 1 : quelques milliers de personnes et d'adhésions vérifiées réparties sur les
communes, EPCI et départements ; un guichet de l'axe 3 par département et les guichets
nationaux de l'axe 2 ; 20 000 dossiers avec leurs pièces (métadonnées : toutes les lignes
pointent vers un même petit fichier), leurs messages, annotations et historique ; 5 000
subventions avec enveloppes déléguées par région et département, engagements, conventions et
versements ; des notifications.

Tout passe par `bulk_create` : les services (une transaction et des notifications par objet)
seraient trop lents. Chaque fonction de domaine tient donc elle-même les invariants que les
services garantissent d'ordinaire : engagé + délégué ≤ montant de chaque enveloppe, versé ≤
subvention, engagement égal à la subvention vivante, historique (django-simple-history) avec
auteur et motif.

Tout ce qui est créé se reconnaît à ses auteurs : des comptes `@volume.fonds.test` (voir
`supprimer`). Une fonctionnalité nouvelle (propositions, votes, notes des jurys…) ajoute ici
sa fonction de domaine, l'appelle depuis `peupler` et efface ses lignes dans `supprimer`.
"""

import hashlib
import math
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.comptes.enums import Fonction, ModeValidation, Role, StatutAdhesion
from fonds.comptes.models import Adhesion, Habilitation, User
from fonds.dossiers.enums import Etat, StatutAnalyse, TypePiece
from fonds.dossiers.models import Annotation, Dossier, Guichet, Message, PieceJointe
from fonds.financement.enums import (
    Axe,
    Contractualisation,
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


def existe() -> bool:
    return Guichet.objects.filter(slug__startswith=PREFIXE_GUICHET).exists()


def peupler(*, echelle: float = 1.0, graine: int = 2021, sortie=None) -> dict[str, int]:
    """Crée tout le volume, domaine par domaine, dans une transaction ; rend les comptes."""
    v = Volume(echelle=echelle, hasard=random.Random(graine))
    ecrire = sortie or (lambda texte: None)
    with transaction.atomic():
        for etape in (comptes, guichets, dossiers, argent, notifications):
            debut = timezone.now()
            etape(v)
            ecrire(f"  {etape.__name__} : {(timezone.now() - debut).total_seconds():.1f} s")
        if connection.vendor == "postgresql":
            Dossier.objects.filter(guichet__slug__startswith=PREFIXE_GUICHET).indexer_recherche()
    if connection.vendor == "postgresql":
        # Des statistiques à jour, sans attendre l'autovacuum : sinon le planificateur croit
        # les tables vides et choisit mal ses index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from fonds import pages_en_cache
    from fonds.financement.cache import invalider_chiffres

    invalider_chiffres()
    pages_en_cache.tout_renouveler()
    return bilan()


def bilan() -> dict[str, int]:
    volume = {"cree_par__email__endswith": DOMAINE}
    return {
        "comptes": User.objects.filter(email__endswith=DOMAINE).count(),
        "adhesions": Adhesion.objects.filter(user__email__endswith=DOMAINE).count(),
        "guichets": Guichet.objects.filter(slug__startswith=PREFIXE_GUICHET).count(),
        "dossiers": Dossier.objects.filter(guichet__slug__startswith=PREFIXE_GUICHET).count(),
        "pieces": PieceJointe.objects.filter(dossier__guichet__slug__startswith="volume-").count(),
        "messages": Message.objects.filter(auteur__email__endswith=DOMAINE).count(),
        "subventions": Subvention.objects.filter(**volume).count(),
        "conventions": Convention.objects.filter(emise_par__email__endswith=DOMAINE).count(),
        "versements": Versement.objects.filter(par__email__endswith=DOMAINE).count(),
        "notifications": Notification.objects.filter(destinataire__email__endswith=DOMAINE).count(),
    }


# --- Comptes ----------------------------------------------------------------------------------


def _utilisateurs(v: Volume, prefixes: list[str], **extra) -> list[User]:
    from allauth.account.models import EmailAddress

    users = User.objects.bulk_create(
        [
            User(
                email=f"{p}{DOMAINE}",
                password=make_password(None),
                first_name=p.split("-")[0].capitalize(),
                last_name=p,
                **extra,
            )
            for p in prefixes
        ],
        batch_size=LOT,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=LOT,
    )
    return users


def comptes(v: Volume) -> None:
    """Agents (un instructeur par préfecture de département et de région, DINUM, ANCT, un
    administrateur) et membres vérifiés des collectivités : une ou deux personnes par
    collectivité active, plus des élus qui siègent aussi dans leur EPCI."""
    from fonds.financement.services import initialiser_fonds

    (v.admin,) = _utilisateurs(v, ["administrateur"], is_staff=True)
    Habilitation.objects.create(user=v.admin, role=Role.ADMINISTRATEUR)
    # Le fonds et ses axes existent avant tout agent : personne à notifier.
    initialiser_fonds(par=v.admin)

    departements = list(Departement.objects.order_by("code"))
    regions = list(Region.objects.order_by("code"))
    agents = _utilisateurs(
        v,
        [f"prefecture-{d.code.lower()}" for d in departements]
        + [f"prefecture-region-{r.code.lower()}" for r in regions]
        + ["dinum-1", "dinum-2", "dinum-3", "anct-1", "anct-2"],
    )
    v.instructeur_dep = {d.pk: u for d, u in zip(departements, agents, strict=False)}
    reste = agents[len(departements) :]
    v.instructeur_reg = {r.pk: u for r, u in zip(regions, reste, strict=False)}
    v.dinum, v.anct = reste[len(regions) : len(regions) + 3], reste[len(regions) + 3 :]
    habilitations = (
        [
            Habilitation(user=u, role=Role.INSTRUCTEUR, departement_id=d, creee_par=v.admin)
            for d, u in v.instructeur_dep.items()
        ]
        + [
            Habilitation(user=u, role=Role.INSTRUCTEUR, region_id=r, creee_par=v.admin)
            for r, u in v.instructeur_reg.items()
        ]
        + [Habilitation(user=u, role=Role.DINUM, creee_par=v.admin) for u in v.dinum]
        + [Habilitation(user=u, role=Role.ANCT, creee_par=v.admin) for u in v.anct]
    )
    Habilitation.objects.bulk_create(habilitations)
    Habilitation.history.bulk_history_create(habilitations, default_user=v.admin)

    # Les collectivités actives : toutes les régions et départements, des EPCI et des
    # communes tirés au hasard dans le registre, en proportion de leur nombre.
    registre = list(
        Collectivite.objects.actives()
        .filter(nature__in=[Nature.COMMUNE, Nature.EPCI, Nature.DEPARTEMENT, Nature.REGION])
        .values_list("pk", "nature", "departement_id", "region_id", "population")
        .order_by("pk")
    )
    grandes = [c for c in registre if c[1] in (Nature.DEPARTEMENT, Nature.REGION)]
    petites = [c for c in registre if c[1] in (Nature.COMMUNE, Nature.EPCI)]
    cible = max(1, v.nombre("collectivites_actives") - len(grandes))
    v.actives = grandes + v.hasard.sample(petites, min(cible, len(petites)))
    # Au moins une collectivité active par département, pour que chaque guichet vive.
    couverts = {c[2] for c in v.actives}
    for c in petites:
        if c[2] and c[2] not in couverts:
            v.actives.append(c)
            couverts.add(c[2])

    prefixes, cibles = [], []
    for i, c in enumerate(v.actives):
        for n in range(2 if v.hasard.random() < 0.3 else 1):
            prefixes.append(f"membre-{i}-{n}")
            cibles.append(c)
    membres = _utilisateurs(v, prefixes)
    epci_par_dep = defaultdict(list)
    for c in v.actives:
        if c[1] == Nature.EPCI and c[2]:
            epci_par_dep[c[2]].append(c[0])
    adhesions = []
    for user, c in zip(membres, cibles, strict=True):
        elu = v.hasard.random() < 0.35
        adhesions.append((user, c[0], Fonction.ELU if elu else Fonction.AGENT))
        v.membres[c[0]].append(user)
        # Un élu municipal siège aussi à son EPCI.
        if elu and c[1] == Nature.COMMUNE and epci_par_dep.get(c[2]):
            epci = v.hasard.choice(epci_par_dep[c[2]])
            adhesions.append((user, epci, Fonction.ELU))
    objets = Adhesion.objects.bulk_create(
        [
            Adhesion(
                user=u,
                collectivite_id=c,
                fonction=f,
                statut=StatutAdhesion.VALIDEE,
                mode_validation=ModeValidation.PREFECTURE,
                decidee_le=v.maintenant,
                decidee_par=v.admin,
            )
            for u, c, f in adhesions
        ],
        batch_size=LOT,
    )
    Adhesion.history.bulk_history_create(
        objets, default_user=v.admin, default_change_reason="Adhésion validée", batch_size=LOT
    )


# --- Guichets et dossiers ---------------------------------------------------------------------


def guichets(v: Volume) -> None:
    """Un guichet de l'axe 3 par département (préfecture) et les guichets nationaux de
    l'axe 2 (trois volets, FranceConnect / API), instruits par la DINUM."""
    ouverture = v.maintenant - timedelta(days=400)
    cloture = v.maintenant + timedelta(days=60)
    objets = [
        Guichet(
            nom=f"Guichet territorial — {d.nom}",
            slug=f"{PREFIXE_GUICHET}axe3-{d.code.lower()}",
            axe=Axe.AXE_3,
            description=f"Guichet de la préfecture : {d.nom}.",
            ouverture=ouverture,
            cloture=cloture,
            departement=d,
            role_instructeur=Role.INSTRUCTEUR,
            pieces_requises=[TypePiece.DELIBERATION, TypePiece.BUDGET],
        )
        for d in Departement.objects.order_by("code")
    ] + [
        Guichet(
            nom=f"Axe 2 — {libelle}",
            slug=f"{PREFIXE_GUICHET}axe2-{code}",
            axe=Axe.AXE_2,
            description=libelle,
            ouverture=ouverture,
            cloture=None if code == "franceconnect-api" else cloture,
            role_instructeur=Role.DINUM,
            pieces_requises=[TypePiece.DELIBERATION],
        )
        for code, libelle in VOLETS
    ]
    Guichet.objects.bulk_create(objets)
    Guichet.history.bulk_history_create(objets, default_user=v.admin)
    v.guichets_dep = {g.departement_id: g for g in objets if g.departement_id}
    v.guichets_axe2 = [g for g in objets if g.axe == Axe.AXE_2]


def _montant(v: Volume, bas: int, haut: int) -> Decimal:
    return Decimal(v.hasard.randrange(bas, haut, 100))


def dossiers(v: Volume) -> None:
    """20 000 dossiers à tous les états, leurs pièces (un même petit fichier partagé), leur
    fil de messages, des annotations, et deux lignes d'historique : création et état actuel."""
    chemin = Path(settings.PIECES_JOINTES_ROOT) / FICHIER_PIECE
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(PDF)
    empreinte = hashlib.sha256(PDF).hexdigest()

    par_dep = defaultdict(list)
    for c in v.actives:
        if c[2] in v.guichets_dep:
            par_dep[c[2]].append(c)
    nationales = [c for c in v.actives if c[1] in (Nature.DEPARTEMENT, Nature.REGION)] + [
        c for c in v.actives if (c[4] or 0) >= 500_000
    ]
    total = v.nombre("dossiers")
    acceptes = v.nombre("subventions") - v.nombre("subventions_axe1")
    # Les départements reçoivent des dossiers en proportion de leurs collectivités actives.
    deps = [d for d in par_dep if par_dep[d]]
    poids = [len(par_dep[d]) for d in deps]
    etats = [Etat.BROUILLON, Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.REFUSE, Etat.CLASSE_SANS_SUITE]
    poids_etats = [18, 22, 30, 25, 5]
    objets = []
    for i in range(total):
        axe2 = nationales and (v.hasard.random() < VOLUMES["part_axe2"] or not deps)
        if axe2:
            guichet = v.hasard.choice(v.guichets_axe2)
            c = v.hasard.choice(nationales)
            agent = v.hasard.choice(v.dinum)
            forfait = guichet.slug.endswith("franceconnect-api")
            montant = Decimal(5000) if forfait else _montant(v, 15_000, 70_000)
        else:
            d = v.hasard.choices(deps, poids)[0]
            guichet, c, agent = v.guichets_dep[d], v.hasard.choice(par_dep[d]), None
            agent = v.instructeur_dep[d]
            montant = _montant(v, 2000, 9000)
        etat = Etat.ACCEPTE if i < acceptes else v.hasard.choices(etats, poids_etats)[0]
        depose = v.maintenant - timedelta(days=v.hasard.randrange(30, 380))
        decide = etat in (Etat.ACCEPTE, Etat.REFUSE, Etat.CLASSE_SANS_SUITE)
        dossier = Dossier(
            guichet=guichet,
            collectivite_id=c[0],
            cree_par=v.hasard.choice(v.membres[c[0]]),
            etat=etat,
            titre=f"{v.hasard.choice(TITRES)} ({i + 1})",
            description="Projet de transformation numérique de la collectivité. " * 3,
            montant_demande=montant,
            tags=v.hasard.choice(["", "cybersécurité", "formation", "données, usagers"]),
            instructeur=agent if etat not in (Etat.BROUILLON, Etat.DEPOSE) else None,
            depose_le=None if etat == Etat.BROUILLON else depose,
            decide_le=depose + timedelta(days=30) if decide else None,
            motivation="Projet conforme aux critères du guichet." if decide else "",
            complements_demandes=etat == Etat.DEPOSE and v.hasard.random() < 0.1,
        )
        dossier._history_date = depose
        dossier._history_user = dossier.cree_par
        objets.append(dossier)
    v.hasard.shuffle(objets)
    Dossier.objects.bulk_create(objets, batch_size=LOT)
    # La création (brouillon), puis l'état actuel : une histoire en deux lignes par dossier.
    finals = [(d.etat, d.depose_le) for d in objets]
    for d in objets:
        d.etat, d.depose_le = Etat.BROUILLON, None
    Dossier.history.bulk_history_create(objets, default_change_reason="Création", batch_size=LOT)
    for d, (etat, depose_le) in zip(objets, finals, strict=True):
        d.etat, d.depose_le = etat, depose_le
    deposes = [d for d in objets if d.etat != Etat.BROUILLON]
    for d in deposes:
        d._history_user = d.instructeur or d.cree_par
        d._change_reason = Etat(d.etat).label
    Dossier.history.bulk_history_create(deposes, update=True, batch_size=LOT)
    # Dates réalistes (cree_le et modifie_le sont posés par Django à l'enregistrement).
    Dossier.objects.filter(pk__in=[d.pk for d in deposes]).update(
        cree_le=F("depose_le") - timedelta(days=12), modifie_le=F("depose_le")
    )
    v.dossiers = objets

    pieces, messages, annotations = [], [], []
    for d in deposes:
        types = [TypePiece.DELIBERATION, TypePiece.BUDGET]
        if v.hasard.random() < 0.5:
            types.append(TypePiece.DEVIS)
        for t in types:
            pieces.append(
                PieceJointe(
                    dossier=d,
                    type_piece=t,
                    nom_original=f"{t}.pdf",
                    fichier=FICHIER_PIECE,
                    taille=len(PDF),
                    sha256=empreinte,
                    type_contenu="application/pdf",
                    statut_analyse=StatutAnalyse.SAINE,
                    deposee_par=d.cree_par,
                )
            )
        if d.instructeur:
            for n in range(v.hasard.randrange(1, 4)):
                agent = n % 2 == 0
                messages.append(
                    Message(
                        dossier=d,
                        auteur=d.instructeur if agent else d.cree_par,
                        de_agent=agent,
                        corps="Pouvez-vous préciser le calendrier du projet ?"
                        if agent
                        else "Le projet démarre au trimestre prochain.",
                    )
                )
            if v.hasard.random() < 0.3:
                annotations.append(
                    Annotation(dossier=d, auteur=d.instructeur, texte="Équipe expérimentée.")
                )
    PieceJointe.objects.bulk_create(pieces, batch_size=LOT)
    Message.objects.bulk_create(messages, batch_size=LOT)
    Annotation.objects.bulk_create(annotations, batch_size=LOT)


# --- Argent -----------------------------------------------------------------------------------


def _centimes(montant: Decimal) -> Decimal:
    return montant.quantize(Decimal("0.01"), rounding=ROUND_UP)


def _arrondi_millier(montant: Decimal) -> Decimal:
    return Decimal(math.ceil(montant / 1000) * 1000)


def argent(v: Volume) -> None:
    """Enveloppes déléguées (axe 3 → régions → départements ; axe 2 → volets et guichet
    FranceConnect / API ; axe 1 → services retenus), une subvention par dossier accepté plus
    les projets de l'axe 1, chacune avec son engagement, sa convention et ses versements
    selon son état. Les montants tiennent dans les enveloppes (marge de 25 %)."""
    axes = {e.axe: e for e in Enveloppe.objects.filter(nature=NatureEnveloppe.AXE)}
    acceptes = [d for d in v.dossiers if d.etat == Etat.ACCEPTE]
    beneficiaires = Collectivite.objects.in_bulk({d.collectivite_id for d in acceptes})

    # Les besoins, puis une réduction uniforme si l'axe n'a pas de quoi les couvrir.
    besoins = defaultdict(Decimal)
    for d in acceptes:
        besoins[d.guichet.axe] += d.montant_demande
    projets_axe1 = [_montant(v, 30_000, 300_000) for _ in range(v.nombre("subventions_axe1"))]
    besoins[Axe.AXE_1] += sum(projets_axe1, Decimal(0))
    for axe, besoin in besoins.items():
        facteur = min(Decimal(1), axes[axe].disponible * Decimal("0.7") / besoin)
        if facteur < 1:
            for d in acceptes:
                if d.guichet.axe == axe:
                    d.montant_demande = max(
                        Decimal(100), (d.montant_demande * facteur).quantize(Decimal(100))
                    )
            if axe == Axe.AXE_1:
                projets_axe1 = [(m * facteur).quantize(Decimal(100)) for m in projets_axe1]
    Dossier.objects.bulk_update(acceptes, ["montant_demande"], batch_size=LOT)

    # Les enveloppes feuilles et leurs parents.
    regions = Region.objects.in_bulk()
    departements = Departement.objects.in_bulk()
    feuilles = {}  # clé → (Enveloppe, parent, [(dossier ou None, montant)])
    for d in acceptes:
        if d.guichet.axe == Axe.AXE_3:
            cle = ("departement", d.guichet.departement_id)
        else:
            cle = ("volet", d.guichet.slug)
        feuilles.setdefault(cle, []).append(d)
    enveloppes_region = {}
    creees = []
    for cle in sorted(feuilles, key=str):
        genre, valeur = cle
        if genre == "departement":
            dep = departements[valeur]
            if dep.region_id not in enveloppes_region:
                enveloppes_region[dep.region_id] = Enveloppe(
                    nom=f"Axe 3 — {regions[dep.region_id].nom}",
                    nature=NatureEnveloppe.REGION,
                    axe=Axe.AXE_3,
                    parent=axes[Axe.AXE_3],
                    region_id=dep.region_id,
                )
            feuilles[cle] = (
                Enveloppe(
                    nom=f"Axe 3 — {dep.nom}",
                    nature=NatureEnveloppe.DEPARTEMENT,
                    axe=Axe.AXE_3,
                    parent=enveloppes_region[dep.region_id],
                    region_id=dep.region_id,
                    departement=dep,
                ),
                feuilles[cle],
            )
        else:
            guichet = next(g for g in v.guichets_axe2 if g.slug == valeur)
            nature = NatureEnveloppe.GUICHET if "franceconnect" in valeur else NatureEnveloppe.APPEL
            feuilles[cle] = (
                Enveloppe(nom=guichet.nom, nature=nature, axe=Axe.AXE_2, parent=axes[Axe.AXE_2]),
                feuilles[cle],
            )
    axe1 = Enveloppe(
        nom="Axe 1 — services retenus par le comité de sélection",
        nature=NatureEnveloppe.APPEL,
        axe=Axe.AXE_1,
        parent=axes[Axe.AXE_1],
    )
    for e, contenu in feuilles.values():
        e.montant = _arrondi_millier(sum((d.montant_demande for d in contenu), Decimal(0)) * 5 / 4)
    axe1.montant = _arrondi_millier(sum(projets_axe1, Decimal(0)) * 5 / 4)
    for r in enveloppes_region.values():
        r.montant_delegue = sum(
            (e.montant for e, _ in feuilles.values() if e.parent is r), Decimal(0)
        )
        r.montant = _arrondi_millier(r.montant_delegue * Decimal("1.05"))
    premier_niveau = [
        *enveloppes_region.values(),
        *(e for k, (e, _) in feuilles.items() if k[0] == "volet"),
        axe1,
    ]
    creees = premier_niveau + [e for k, (e, _) in feuilles.items() if k[0] == "departement"]
    for e in premier_niveau:
        if e.montant > e.parent.disponible:  # au pire, le fonds a déjà servi ailleurs
            e.montant = max(e.montant_delegue, e.parent.disponible)
        e.parent.montant_delegue += e.montant
    Enveloppe.objects.bulk_create(premier_niveau)
    for e in creees[len(premier_niveau) :]:
        e.parent_id = e.parent.pk
    Enveloppe.objects.bulk_create(creees[len(premier_niveau) :])
    # Chaque guichet engage sur l'enveloppe de ses dossiers acceptés.
    enveloppe_du_guichet = {}
    for e, contenu in feuilles.values():
        for d in contenu:
            enveloppe_du_guichet.setdefault(d.guichet_id, e.pk)
    for guichet_id, enveloppe_id in enveloppe_du_guichet.items():
        Guichet.objects.filter(pk=guichet_id, enveloppe__isnull=True).update(
            enveloppe_id=enveloppe_id
        )
    mouvements = [
        Mouvement(
            type=TypeMouvement.DELEGATION,
            source_id=e.parent_id or e.parent.pk,
            destination=e,
            montant=e.montant,
            motif="Délégation (volume national)",
            par=v.instructeur_reg.get(e.parent.region_id, v.admin)
            if e.nature == NatureEnveloppe.DEPARTEMENT
            else v.admin,
        )
        for e in creees
        if e.montant > 0
    ]
    Mouvement.objects.bulk_create(mouvements, batch_size=LOT)

    # Subventions : engagement, convention et versements selon l'état.
    statuts = [
        StatutSubvention.A_CONVENTIONNER,
        StatutSubvention.CONVENTION_EMISE,
        StatutSubvention.SIGNEE,
        StatutSubvention.EN_PAIEMENT,
        StatutSubvention.SOLDEE,
        StatutSubvention.ANNULEE,
    ]
    poids_statuts = [15, 15, 20, 25, 20, 5]
    a_creer = []  # (enveloppe, bénéficiaire, dossier, montant, taux, agent)
    for (genre, valeur), (e, contenu) in feuilles.items():
        for d in contenu:
            taux = Decimal(80) if genre == "departement" else Decimal(50)
            if d.montant_demande == 5000 and "franceconnect" in str(valeur):
                taux = Decimal(100)
            agent = v.instructeur_dep.get(valeur) if genre == "departement" else v.dinum[0]
            benef = beneficiaires[d.collectivite_id]
            a_creer.append((e, benef, d, d.montant_demande, taux, agent))
    communes_axe1 = [c for c in v.actives if v.membres.get(c[0])]
    benefs_axe1 = Collectivite.objects.in_bulk(
        [v.hasard.choice(communes_axe1)[0] for _ in projets_axe1]
    )
    for montant, pk in zip(projets_axe1, list(benefs_axe1) * len(projets_axe1), strict=False):
        a_creer.append((axe1, benefs_axe1[pk], None, montant, Decimal(80), v.anct[0]))

    engagements, subventions = [], []
    for e, benef, d, montant, taux, agent in a_creer:
        statut = v.hasard.choices(statuts, poids_statuts)[0]
        annulee = statut == StatutSubvention.ANNULEE
        objet = d.titre if d else "Service numérique retenu par le comité de sélection"
        eng = Engagement(
            enveloppe=e,
            beneficiaire=benef,
            objet=objet,
            montant=Decimal(0) if annulee else montant,
            montant_initial=montant,
            cree_par=agent,
            libere_le=v.maintenant if annulee else None,
        )
        engagements.append(eng)
        if not annulee:
            e.montant_engage += montant
        crte = e.axe == Axe.AXE_3 and v.hasard.random() < 0.3
        subventions.append(
            Subvention(
                dossier=d,
                motif_exceptionnel=""
                if d
                else "Projet retenu par le comité de sélection de l'axe 1 (volume national)",
                beneficiaire=benef,
                enveloppe=e,
                engagement=eng,
                axe=e.axe,
                region_id=benef.region_id
                or (departements[benef.departement_id].region_id if benef.departement_id else None),
                departement_id=benef.departement_id,
                objet=objet,
                cout_eligible=_centimes(montant * 100 / taux),
                taux=taux,
                montant=montant,
                statut=statut,
                motif_statut="Volume national",
                contractualisation=Contractualisation.CRTE
                if crte
                else Contractualisation.CONVENTION,
                reference_crte=f"CRTE-{benef.departement_id}-{len(subventions)}" if crte else "",
                cree_par=agent,
            )
        )
    Engagement.objects.bulk_create(engagements, batch_size=LOT)
    for s in subventions:
        s.engagement_id = s.engagement.pk
    Enveloppe.objects.bulk_update(creees, ["montant_engage"])
    for e in set(axes.values()):
        Enveloppe.objects.filter(pk=e.pk).update(montant_delegue=e.montant_delegue)

    _conventions_et_versements(v, subventions)
    Subvention.objects.bulk_create(subventions, batch_size=LOT)
    for s in subventions:
        for objet in s._a_creer:
            objet.subvention_id = s.pk
    Convention.objects.bulk_create(
        [c for s in subventions for c in s._a_creer if isinstance(c, Convention)], batch_size=LOT
    )
    versements = [x for s in subventions for x in s._a_creer if isinstance(x, Versement)]
    Versement.objects.bulk_create(versements, batch_size=LOT)
    Enveloppe.history.bulk_history_create(
        creees, default_user=v.admin, default_change_reason="Délégation"
    )
    Engagement.history.bulk_history_create(
        engagements, default_change_reason="Engagement", batch_size=LOT
    )
    Subvention.history.bulk_history_create(
        subventions, default_change_reason="Attribution", batch_size=LOT
    )
    Versement.history.bulk_history_create(versements, batch_size=LOT)
    v.subventions = subventions


def _conventions_et_versements(v: Volume, subventions: list[Subvention]) -> None:
    """Prépare (sur `s._a_creer`) la convention et les versements de chaque subvention selon son
    état ; tient `montant_verse` (jamais plus que la subvention)."""
    chemin = Path(settings.MEDIA_ROOT) / FICHIER_CONVENTION
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(PDF)
    empreinte = hashlib.sha256(PDF).hexdigest()
    avec_convention = {
        StatutSubvention.CONVENTION_EMISE,
        StatutSubvention.SIGNEE,
        StatutSubvention.EN_PAIEMENT,
        StatutSubvention.SOLDEE,
    }
    aujourdhui = v.maintenant.date()
    for s in subventions:
        s._a_creer = []
        s._history_user = s.engagement._history_user = s.cree_par
        if s.statut not in avec_convention:
            continue
        signee = s.statut != StatutSubvention.CONVENTION_EMISE
        membres = v.membres.get(s.beneficiaire_id) or [s.cree_par]
        s._a_creer.append(
            Convention(
                version=1,
                fichier=FICHIER_CONVENTION,
                empreinte_sha256=empreinte,
                emise_par=s.cree_par,
                generee_le=v.maintenant,
                fichier_signe=FICHIER_CONVENTION if signee else "",
                empreinte_signee_sha256=empreinte if signee else "",
                signee_par=membres[0] if signee else None,
                signee_le=v.maintenant if signee else None,
                contresignee_par=s.cree_par if signee else None,
                contresignee_le=v.maintenant if signee else None,
            )
        )
        if s.statut == StatutSubvention.EN_PAIEMENT:
            tranches = [(TypeVersement.AVANCE, (s.montant * Decimal("0.3")).quantize(Decimal(1)))]
        elif s.statut == StatutSubvention.SOLDEE:
            avance = (s.montant * Decimal("0.3")).quantize(Decimal(1))
            tranches = [(TypeVersement.AVANCE, avance), (TypeVersement.SOLDE, s.montant - avance)]
        else:
            tranches = []
        for n, (type_, montant) in enumerate(tranches):
            if montant <= 0:
                continue
            s.montant_verse += montant
            s._a_creer.append(
                Versement(
                    type=type_,
                    montant=montant,
                    date=aujourdhui - timedelta(days=60 - 30 * n),
                    reference=f"VOL-{uuid.uuid4().hex[:12]}",
                    par=s.cree_par,
                )
            )


# --- Notifications ----------------------------------------------------------------------------


def notifications(v: Volume) -> None:
    """Ce que les services auraient notifié : la décision sur chaque dossier à son auteur,
    chaque dépôt à l'instructeur du guichet ; une sur deux déjà lue."""
    objets = []
    for d in v.dossiers:
        lue = v.maintenant if v.hasard.random() < 0.5 else None
        if d.decide_le:
            objets.append(
                Notification(
                    destinataire=d.cree_par,
                    cle=f"dossier-{d.uuid}-decision",
                    titre=f"Décision sur votre dossier : {Etat(d.etat).label}",
                    texte=f"Le dossier « {d.titre} » est {Etat(d.etat).label.lower()}.",
                    lien=f"/dossiers/{d.uuid}/",
                    lue_le=lue,
                )
            )
        agent = v.instructeur_dep.get(d.guichet.departement_id) or v.dinum[0]
        if d.depose_le:
            objets.append(
                Notification(
                    destinataire=agent,
                    cle=f"dossier-{d.uuid}-depot",
                    titre="Nouveau dossier déposé",
                    texte=f"« {d.titre} » est déposé sur {d.guichet.nom}.",
                    lien=f"/dossiers/{d.uuid}/",
                    lue_le=lue,
                )
            )
    Notification.objects.bulk_create(objets, batch_size=LOT)


# --- Effacement -------------------------------------------------------------------------------


def supprimer() -> None:
    """Efface tout ce que le volume a créé (reconnu à ses comptes), historique compris, et
    recalcule le délégué et l'engagé des enveloppes qui restent."""
    volume = User.objects.filter(email__endswith=DOMAINE)
    with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
        enveloppes = list(
            Enveloppe.objects.filter(entrees__par__in=volume).distinct().values("pk", "parent")
        )
        parents = {e["pk"]: e["parent"] for e in enveloppes}

        def profondeur(pk):
            n = 0
            while pk in parents:
                pk, n = parents[pk], n + 1
            return n

        subventions = Subvention.objects.filter(cree_par__in=volume)
        _effacer(Versement, Versement.objects.filter(subvention__in=subventions))
        _effacer(Convention, Convention.objects.filter(subvention__in=subventions))
        engagements = list(subventions.values_list("engagement_id", flat=True))
        _effacer(Subvention, subventions)
        _effacer(Engagement, Engagement.objects.filter(pk__in=engagements))
        Mouvement.objects.filter(par__in=volume).delete()
        # Les guichets du volume engagent sur ces enveloppes : ils les lâchent d'abord.
        Guichet.objects.filter(slug__startswith=PREFIXE_GUICHET).update(enveloppe=None)
        for pk in sorted(parents, key=profondeur, reverse=True):
            _effacer(Enveloppe, Enveloppe.objects.filter(pk=pk))
        guichets_ = Guichet.objects.filter(slug__startswith=PREFIXE_GUICHET)
        _effacer(Dossier, Dossier.objects.filter(guichet__in=guichets_))
        _effacer(Guichet, guichets_)
        _effacer(Adhesion, Adhesion.objects.filter(user__in=volume))
        _effacer(Habilitation, Habilitation.objects.filter(user__in=volume))
        volume.delete()
        for e in Enveloppe.objects.all():
            e.montant_delegue = sum((f.montant for f in e.enfants.all()), Decimal(0))
            e.montant_engage = sum((g.montant for g in e.engagements.all()), Decimal(0))
            e.save(update_fields=["montant_delegue", "montant_engage"])
    from fonds.financement.cache import invalider_chiffres

    invalider_chiffres()


def _effacer(modele, queryset) -> None:
    pks = list(queryset.values_list("pk", flat=True))
    for debut in range(0, len(pks), LOT):
        lot = pks[debut : debut + LOT]
        modele.history.filter(id__in=lot).delete()
        modele.objects.filter(pk__in=lot).delete()
