"""Le petit monde du programme national d'investigations, partagé par les tests, la matrice et
le fuzz : un guichet du programme (100 000 € sur l'axe 1, instruit par l'ANCT), un dossier de
la commune A déposé, instruit et accepté par les services du socle (Petites Villes de Demain :
les titres d'identité en mairie), et un tour de la consultation en recueil."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultation.services import investigations
from fonds.dossiers import services as dossiers

from .monde import ouvrir

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

REPONSES = {
    "politique": "pvd",
    "probleme": "Six semaines d'attente pour un rendez-vous de carte d'identité.",
    "usagers": "Les habitants du bassin de vie, surtout les personnes âgées.",
    "demarche": "Observer l'accueil, interroger les usagers, tester une prise de rendez-vous.",
}


def programme(admin, slug="investigations-preuves"):
    maintenant = timezone.now()
    return investigations.ouvrir_programme(
        nom="Programme national d'investigations",
        slug=slug,
        montant=Decimal("100000"),
        ouverture=maintenant - datetime.timedelta(days=5),
        cloture=maintenant + datetime.timedelta(days=60),
        par=admin,
    )


def deposer(guichet, collectivite, par, *, titre="Titres d'identité en mairie", **reponses):
    dossier = dossiers.creer_dossier(guichet=guichet, collectivite=collectivite, par=par)
    dossiers.enregistrer_brouillon(
        dossier=dossier,
        par=par,
        titre=titre,
        description="Comprendre l'attente et essayer d'y répondre avec les habitants.",
        montant_demande=Decimal("20000"),
        donnees={**REPONSES, **reponses},
    )
    dossiers.ajouter_piece(
        dossier=dossier,
        fichier=SimpleUploadedFile("engagement.pdf", PDF, content_type="application/pdf"),
        type_piece="engagement",
        par=par,
    )
    return dossiers.deposer(dossier=dossier, par=par)


def accepter(dossier, anct):
    dossier = dossiers.passer_en_instruction(dossier=dossier, par=anct)
    return dossiers.accepter(dossier=dossier, par=anct, motivation="Un problème bien posé.")


def construire(monde) -> dict:
    t, r = monde.territoire, monde.roles
    guichet = programme(r["administrateur"])
    accepte = accepter(deposer(guichet, t["a"], r["membre_a"]), r["anct"])
    tour = ouvrir("recueil-investigations")
    return {"guichet": guichet, "accepte": accepte, "tour": tour}
