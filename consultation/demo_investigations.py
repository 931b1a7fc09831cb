"""Démonstration : le programme national d'investigations 2026, ouvert et instruit par l'ANCT.
La Côte-d'Or (Agenda rural, politique déclarée) y a un dossier accepté, l'accès aux droits
sociaux dans ses cantons ruraux, qu'elle peut semer au tour 2026 en recueil, et un dossier
déposé que l'ANCT instruit."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from fonds.collectivites.enums import Nature
from fonds.dossiers import services as dossiers

from .services.investigations import ouvrir_programme

SLUG = "investigations-2026"


def _pdf(titre: str) -> ContentFile:
    from weasyprint import HTML

    return ContentFile(HTML(string=f"<h1>{titre}</h1>").write_pdf(), name="engagement.pdf")


def _deposer(guichet, collectivite, par, titre, **reponses):
    dossier = dossiers.creer_dossier(guichet=guichet, collectivite=collectivite, par=par)
    dossiers.enregistrer_brouillon(
        dossier=dossier,
        par=par,
        titre=titre,
        description=reponses.pop("description"),
        montant_demande=reponses.pop("montant"),
        donnees=reponses,
    )
    dossiers.ajouter_piece(
        dossier=dossier,
        fichier=_pdf(f"Lettre d'engagement — {titre}"),
        type_piece="engagement",
        par=par,
    )
    return dossiers.deposer(dossier=dossier, par=par)


def investigations_2026(_c, _u) -> None:
    anct, admin = _u("anct@demo.fonds.gouv.fr"), _u("admin@demo.fonds.gouv.fr")
    cotedor, karima = _c(Nature.DEPARTEMENT, "21"), _u("numerique@cotedor.demo.fr")
    maintenant = timezone.now()
    guichet = ouvrir_programme(
        nom="Programme national d'investigations 2026",
        slug=SLUG,
        montant=Decimal("1500000"),
        ouverture=maintenant - datetime.timedelta(days=20),
        cloture=maintenant + datetime.timedelta(days=70),
        par=admin,
    )
    accepte = _deposer(
        guichet,
        cotedor,
        karima,
        "Accès aux droits sociaux dans les cantons ruraux",
        description="Comprendre pourquoi les habitants des cantons ruraux renoncent à leurs "
        "droits, et essayer avec eux de premières réponses.",
        montant=Decimal("40000"),
        politique="agenda-rural",
        probleme="Dans les cantons ruraux, une part des habitants renonce au RSA ou à l'APA : "
        "démarches en ligne, déplacements, rendez-vous introuvables.",
        usagers="Les personnes âgées et les familles éloignées des maisons des solidarités.",
        demarche="Six semaines d'observation dans trois maisons des solidarités, des entretiens "
        "avec les usagers, puis deux prototypes testés avec eux (permanences mobiles, rappel "
        "téléphonique).",
    )
    accepte = dossiers.passer_en_instruction(dossier=accepte, par=anct)
    dossiers.accepter(
        dossier=accepte,
        par=anct,
        motivation="Un problème partagé par de nombreux départements ruraux, une démarche "
        "d'investigation claire.",
    )
    _deposer(
        guichet,
        cotedor,
        karima,
        "Mobilité des collégiens en zone rurale",
        description="Les trajets des collégiens des communes isolées.",
        montant=Decimal("25000"),
        politique="agenda-rural",
        probleme="Des trajets de plus d'une heure, des horaires que personne ne connaît.",
        usagers="Les collégiens et leurs familles.",
        demarche="Cartographier les trajets, interroger familles et transporteurs, tester un "
        "service d'information.",
    )
