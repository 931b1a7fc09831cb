"""Démonstration (commande `demo`) : les trois volets, chacun avec sa vague 1 (close, 2021) ;
la vague 2 du volet « démarches » est ouverte, celle du volet « donnée » à venir. Dans l'appel
ouvert, la Côte-d'Or a un dossier à chaque étape : déposé (la DINUM le pré-sélectionne),
pré-sélectionné avec Dijon pour partenaire (au jury), non pré-sélectionné, lauréat, refusé.
Le jury : l'agent de l'ANCT (président, membre de l'État), le juré de démonstration et l'agent
de la DSI de Dijon, en conflit d'intérêts avec le dossier dont Dijon est partenaire."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite
from fonds.comptes.models import User

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CAHIER = (
    "Le projet sert les usagers de bout en bout : démarche en ligne accessible (RGAA), "
    "données échangées entre administrations plutôt que redemandées.\n"
    "Le code produit est publié sous licence libre et réutilisable par d'autres collectivités.\n"
    "Seules les dépenses d'investissement sont éligibles ; l'aide est de 50 % de ces dépenses."
)
EXEMPLES = (
    "Un guichet unique des aides sociales départementales\n"
    "La prise de rendez-vous en ligne mutualisée entre communes d'un EPCI\n"
    "Un entrepôt de données sociales ouvert aux partenaires"
)
#: (titre, étape) des dossiers de la Côte-d'Or dans l'appel ouvert.
DOSSIERS = (
    ("Guichet unique des aides départementales", "depose"),
    ("Entrepôt de données sociales", "preselectionne"),
    ("Archivage électronique", "non_preselectionne"),
    ("Prise de rendez-vous en ligne", "laureat"),
    ("Agent conversationnel", "refuse"),
)
SLUG_OUVERT = "aap-demarches-2"


def _date(annee, mois, jour):
    return timezone.make_aware(datetime.datetime(annee, mois, jour, 12))


def _appels(admin):
    from .models.appels import Appel
    from .services import appels

    volets = appels.garantir_volets()
    maintenant = timezone.now()
    plan = [(v, 1, _date(2021, 3, 1), _date(2021, 5, 31)) for v in volets]
    plan.append(
        (
            volets[0],
            2,
            maintenant - datetime.timedelta(days=30),
            maintenant + datetime.timedelta(days=60),
        )
    )
    plan.append(
        (
            volets[1],
            2,
            maintenant + datetime.timedelta(days=30),
            maintenant + datetime.timedelta(days=120),
        )
    )
    for volet, vague, ouverture, cloture in plan:
        if not Appel.objects.filter(volet=volet, vague=vague).exists():
            appels.ouvrir_appel(
                volet=volet,
                vague=vague,
                ouverture=ouverture,
                cloture=cloture,
                montant=Decimal("2000000"),
                par=admin,
                cahier=CAHIER,
                exemples=EXEMPLES,
            )
    return Appel.objects.get(guichet__slug=SLUG_OUVERT)


def _dossiers(appel, dinum):
    from .services import appels, jury

    cotedor = Collectivite.objects.get(nature=Nature.DEPARTEMENT, code_insee="21")
    dijon = Collectivite.objects.get(nature=Nature.COMMUNE, code_insee="21231")
    porteur = User.objects.get(email="numerique@cotedor.demo.fr")
    for i, (titre, etape) in enumerate(DOSSIERS):
        if appel.guichet.dossiers.filter(titre=titre).exists():
            continue
        dossier = appels.deposer_projet(
            appel=appel,
            collectivite=cotedor,
            par=porteur,
            titre=titre,
            reponses={
                "contexte": f"{titre} : les usagers du département le demandent.",
                "objectifs": "Simplifier la démarche et réduire les délais.",
                "usagers": "Les habitants de la Côte-d'Or et les agents instructeurs.",
                "livrables": "Un service en ligne accessible, son code publié.",
                "calendrier": "Conception en 2027, mise en service en 2028.",
                "open_source": True,
                "plan_de_financement": "50 % État, 50 % autofinancement.",
                "autres_financements": Decimal(0),
            },
            lignes=[
                ("Développement", Decimal(120000 + 20000 * i)),
                ("Accessibilité et design de service", Decimal(40000)),
            ],
            partenaires=[dijon] if etape == "preselectionne" else [],
            pieces=[
                (
                    "deliberation",
                    SimpleUploadedFile("deliberation.pdf", PDF, content_type="application/pdf"),
                )
            ],
        )
        if etape == "depose":
            continue
        dossier = appels.preselectionner(
            dossier=dossier,
            par=dinum,
            retenu=etape != "non_preselectionne",
            motivation="Hors du champ du volet."
            if etape == "non_preselectionne"
            else "Dossier complet et éligible.",
        )
        if etape == "laureat":
            jury.decider(dossier=dossier, par=dinum, laureat=True, motivation="Classé premier.")
        elif etape == "refuse":
            jury.decider(
                dossier=dossier, par=dinum, laureat=False, motivation="Budget insuffisamment étayé."
            )


def demo(contexte) -> None:
    from .models.jury import Jure
    from .services import jury

    admin = User.objects.get(email="admin@demo.fonds.gouv.fr")
    dinum = User.objects.get(email="dinum@demo.fonds.gouv.fr")
    appel = _appels(admin)
    for email, president in (
        ("anct@demo.fonds.gouv.fr", True),
        ("jure@demo.fonds.gouv.fr", False),
        ("dsi@dijon.demo.fr", False),
    ):
        if not Jure.objects.filter(appel=appel, user__email=email).exists():
            jury.nommer_jure(appel=appel, email=email, par=dinum, president=president)
    _dossiers(appel, dinum)
    contexte.adresses.append(("Appels à projets nationaux", "/national/appels/"))
    contexte.adresses.append(
        ("Dossiers de l'appel ouvert (DINUM)", f"/national/appels/{SLUG_OUVERT}/dossiers/")
    )
    contexte.adresses.append(("Séance du jury (DINUM)", f"/national/appels/{SLUG_OUVERT}/seance/"))
    contexte.adresses.append(("Mes dossiers à évaluer (juré)", f"/national/jury/{SLUG_OUVERT}/"))
