"""Démonstration (commande `demo`) : deux tours de la consultation.

- « Consultation 2021 », terminé (développement et déploiement) : des besoins et des services
  existants dans chaque issue (gardés, regroupés en besoins consolidés estimés, réorientés,
  rejetés), et les bulletins de 40 collectivités de toutes tailles ; ses résultats sont
  publics, comme en 2021 à petite échelle.
- « Consultation 2026 », en recueil : des propositions de Dijon, de Dijon Métropole, de la
  Côte-d'Or, de Lyon et d'un partenaire, dans chaque issue ; un besoin consolidé ; des
  jonctions et un commentaire. Beaune n'a rien proposé : c'est elle qui essaie le recueil,
  puis l'ANCT clôt le recueil plus tôt pour ouvrir le vote (parcours de démonstration).
- Ce que le comité 2021 a retenu, suivi jusqu'au Territoires Store : `demo_services.py`.
- Le programme national d'investigations 2026 : `demo_investigations.py`.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite
from fonds.comptes.models import User
from fonds.dossiers.models import Guichet

from .enums import DEBUTS, Issue, Phase, Sorte, SortieGroupe
from .models import BesoinConsolide, Bulletin, MouvementGroupe, Proposition, Soutien, Tour
from .models.propositions import Theme, garantir_referentiels

SLUG = "consultation-2026"
SLUG_2021 = "consultation-2021"


def _c(nature, code):
    cle = {"siren": code} if len(code) == 9 else {"code_insee": code}
    return Collectivite.objects.get(nature=nature, **cle)


def _u(email):
    return User.objects.get(email=email)


def demo(contexte) -> None:
    garantir_referentiels()
    if not Tour.objects.filter(slug=SLUG).exists():
        _tour_2026()
    if not Tour.objects.filter(slug=SLUG_2021).exists():
        from .demo_services import services_2021

        services_2021(_tour_2021(), _c, _u)
    from .demo_investigations import SLUG as SLUG_INVESTIGATIONS
    from .demo_investigations import investigations_2026

    if not Guichet.objects.filter(slug=SLUG_INVESTIGATIONS).exists():
        investigations_2026(_c, _u)
    contexte.adresses.append(("Consultation 2026 (recueil)", f"/consultation/{SLUG}/"))
    contexte.adresses.append(
        ("Résultats de la consultation 2021", f"/consultation/{SLUG_2021}/resultats/")
    )
    contexte.adresses.append(("Territoires Store", "/consultation/territoires-store/"))
    contexte.adresses.append(
        ("Programme national d'investigations 2026", f"/guichets/{SLUG_INVESTIGATIONS}/")
    )


def _dates(en_cours: str, *, depuis_jours: int = 20) -> dict:
    maintenant = timezone.now()
    rang = [p for p, _ in DEBUTS].index(en_cours)
    return {
        champ: maintenant
        + datetime.timedelta(days=15 * (i - rang))
        - datetime.timedelta(days=depuis_jours if i <= rang else 0)
        for i, (_, champ) in enumerate(DEBUTS)
    }


def _tour_2026() -> None:
    from fonds.dossiers.models import Guichet
    from fonds.financement.enums import Axe, NatureEnveloppe
    from fonds.financement.models import Enveloppe

    from .services import groupes, propositions, tours

    anct = _u("anct@demo.fonds.gouv.fr")
    axe_1 = Enveloppe.objects.filter(nature=NatureEnveloppe.AXE, axe=Axe.AXE_1).first()
    montant = Decimal("5000000.00")
    tour = tours.ouvrir_tour(
        nom="Consultation des collectivités — tour 2026",
        slug=SLUG,
        description="Dites vos besoins numériques et les services qui ont fait leurs preuves ; "
        "votez ensuite pour ceux qui répondent aux vôtres.",
        dates=_dates(Phase.RECUEIL),
        par=anct,
        montant=montant if axe_1 and axe_1.disponible >= montant else None,
    )
    dijon, dijon_metro = _c(Nature.COMMUNE, "21231"), _c(Nature.EPCI, "242100410")
    cotedor, lyon = _c(Nature.DEPARTEMENT, "21"), _c(Nature.COMMUNE, "69123")
    hugo, karima, leo = (
        _u("dsi@dijon.demo.fr"),
        _u("numerique@cotedor.demo.fr"),
        _u("mairie@lyon.demo.fr"),
    )
    partenaire = _u("partenaire@demo.fonds.gouv.fr")
    themes = {t.code: t for t in Theme.objects.all()}

    def besoin(par, c, titre, probleme, theme="relation-usagers"):
        return propositions.proposer(
            tour=tour,
            par=par,
            sorte=Sorte.BESOIN,
            titre=titre,
            collectivite=c,
            probleme=probleme,
            concernes="Les habitants et les agents d'accueil.",
            frequence="Chaque semaine",
            existant="Des outils disparates, payants et fermés.",
            themes=[themes[theme]],
        )

    rdv = besoin(
        hugo,
        dijon,
        "Prise de rendez-vous en ligne pour l'état civil",
        "Les habitants appellent pour chaque rendez-vous de passeport ou de carte d'identité.",
    )
    rdv_dep = besoin(
        karima,
        cotedor,
        "Prise de rendez-vous en ligne des services départementaux",
        "Les usagers de la PMI et de l'APA attendent au téléphone pour un rendez-vous.",
    )
    salles = propositions.proposer(
        tour=tour,
        par=leo,
        sorte=Sorte.SERVICE,
        titre="Outil libre de gestion des salles municipales",
        collectivite=lyon,
        ce_qu_il_fait="Les associations réservent les salles en ligne ; la mairie valide.",
        operateurs="La ville de Lyon l'opère ; 40 associations l'utilisent.",
        licence="AGPL-3.0",
        code_source="https://forge.exemple.fr/lyon/salles",
        mutualisation="Une instance mutualisée par département.",
        cout="20 000 € par an d'hébergement et de maintenance",
        themes=[themes["outils-agents"]],
    )
    sport = besoin(
        hugo,
        dijon_metro,
        "Réservation des équipements sportifs intercommunaux",
        "Les clubs réservent les gymnases par courriel, les doublons sont fréquents.",
        theme="territoire",
    )
    observatoire = propositions.proposer(
        tour=tour,
        par=partenaire,
        sorte=Sorte.BESOIN,
        titre="Observatoire partagé de l'inclusion numérique",
        probleme="Personne ne sait où sont les lieux de médiation numérique ouverts.",
        concernes="Les habitants éloignés du numérique et les aidants.",
        themes=[themes["inclusion"]],
    )
    ordinateurs = besoin(
        leo,
        lyon,
        "Ordinateurs pour les écoles",
        "Les écoles manquent d'équipement informatique.",
        theme="outils-agents",
    )
    pub = besoin(
        karima, cotedor, "Promotion d'un logiciel commercial", "Nous voulons un logiciel précis."
    )
    besoin(
        hugo,
        dijon,
        "Tableau de bord de la qualité de l'air",
        "Les données des capteurs ne sont pas publiées.",
        theme="donnees",
    )
    for p in (rdv, rdv_dep, salles, sport):
        propositions.decider_issue(proposition=p, issue=Issue.GARDEE, par=anct)
    guichet = Guichet.objects.filter(slug="demonstration-cote-d-or").first()
    if guichet is not None:
        propositions.decider_issue(
            proposition=ordinateurs,
            issue=Issue.REORIENTEE,
            guichet=guichet,
            raison="L'équipement relève d'un guichet territorial (axe 3).",
            par=anct,
        )
    propositions.decider_issue(
        proposition=pub,
        issue=Issue.REJETEE,
        raison="La consultation finance des services publics ouverts, pas un produit commercial.",
        par=anct,
    )
    groupes.regrouper(
        propositions=[salles, sport],
        titre="Réserver les salles et les équipements en ligne",
        description="Un service commun, libre, pour réserver salles municipales et équipements "
        "sportifs, partant de l'outil de Lyon.",
        par=anct,
    )
    propositions.joindre(proposition=rdv_dep, collectivite=lyon, par=leo)
    propositions.commenter(
        proposition=observatoire,
        texte="Les associations d'élus peuvent aider à recenser les lieux.",
        par=partenaire,
    )


#: Les besoins consolidés du tour 2021 (titre, coûts de développement et de déploiement).
GROUPES_2021 = [
    ("Démarches en ligne pour les petites communes", 450_000, 120_000),
    ("Gestion de la relation aux usagers", 380_000, 200_000),
    ("Données ouvertes et cartographie locale", 250_000, 80_000),
    ("Outils collaboratifs des élus", 150_000, 60_000),
    ("Prise de rendez-vous en ligne", 200_000, 90_000),
    ("Gestion des cimetières", 120_000, 40_000),
]


def _tour_2021() -> Tour:
    anct = _u("anct@demo.fonds.gouv.fr")
    hugo = _u("dsi@dijon.demo.fr")
    debut = datetime.datetime(2021, 1, 11, 9, tzinfo=datetime.UTC)
    tour = Tour.objects.create(
        nom="Consultation des collectivités — 2021",
        slug=SLUG_2021,
        description="Le premier tour : 476 contributions, 67 propositions, 531 soutiens.",
        recueil_debut=debut,
        vote_debut=debut + datetime.timedelta(days=45),
        selection_debut=debut + datetime.timedelta(days=80),
        interet_debut=debut + datetime.timedelta(days=150),
        developpement_debut=debut + datetime.timedelta(days=200),
    )
    auteurs = list(
        Collectivite.objects.filter(nature=Nature.COMMUNE, departement__code__in=["21", "69", "71"])
        .exclude(population__isnull=True)
        .order_by("-population")[:60]
    )
    groupes = [
        BesoinConsolide.objects.create(
            tour=tour,
            titre=titre,
            description=f"{titre} : besoin consolidé par l'ANCT.",
            cout_developpement=Decimal(dev),
            cout_deploiement=Decimal(dep),
            cree_par=anct,
        )
        for titre, dev, dep in GROUPES_2021
    ]
    from fonds.dossiers.models import Guichet

    guichet = Guichet.objects.filter(slug="demonstration-cote-d-or").first()
    issues = [Issue.GARDEE] * 6 + [Issue.REORIENTEE, Issue.REJETEE]
    for i, c in enumerate(auteurs[:24]):
        issue = issues[i % len(issues)]
        if issue == Issue.REORIENTEE and guichet is None:
            issue = Issue.REJETEE
        groupe = groupes[i % len(groupes)] if issue == Issue.GARDEE and i % 5 else None
        p = Proposition.objects.create(
            tour=tour,
            sorte=Sorte.SERVICE if i % 4 == 0 else Sorte.BESOIN,
            titre=f"{GROUPES_2021[i % len(GROUPES_2021)][0]} ({c.nom})",
            probleme="Besoin exprimé en 2021." if i % 4 else "",
            concernes="Les habitants." if i % 4 else "",
            ce_qu_il_fait="Service existant en 2021." if i % 4 == 0 else "",
            operateurs=c.nom if i % 4 == 0 else "",
            auteur=hugo,
            collectivite=c,
            deposee_le=debut + datetime.timedelta(days=i),
            issue=issue,
            raison="Hors du champ de la consultation." if issue == Issue.REJETEE else "",
            guichet=guichet if issue == Issue.REORIENTEE else None,
            groupe=groupe,
            decidee_le=debut + datetime.timedelta(days=40),
        )
        if groupe:
            MouvementGroupe.objects.create(
                proposition=p, groupe=groupe, sens=SortieGroupe.ENTREE, par=anct
            )
    Proposition.objects.filter(tour=tour).indexer_recherche()
    votantes = list(
        Collectivite.objects.filter(departement__code__in=["21", "69", "71", "25", "39"])
        .filter(nature__in=[Nature.COMMUNE, Nature.EPCI, Nature.DEPARTEMENT])
        .exclude(population__isnull=True)
        .order_by("nom")[:400:10]
    )
    for i, c in enumerate(votantes):
        choix = groupes[i % 3 : i % 3 + 2 + i % 3]
        b = Bulletin.objects.create(
            tour=tour,
            collectivite=c,
            modifie_par=hugo,
            modifie_le=debut + datetime.timedelta(days=50 + i % 20),
            nb_soutiens=len(choix),
        )
        region = c.region_id or (c.departement.region_id if c.departement_id else None)
        Soutien.objects.bulk_create(
            Soutien(
                bulletin=b,
                tour=tour,
                collectivite=c,
                groupe=g,
                nature=c.nature,
                population=c.population or 0,
                region_id=region,
                cree_le=b.modifie_le,
            )
            for g in choix
        )
    return tour
