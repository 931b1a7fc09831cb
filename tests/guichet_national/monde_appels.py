"""Le petit monde des appels à projets, partagé par les tests, la matrice, les budgets et le
fuzz : un appel ouvert (volet « démarches », vague 1, 1 M€ sur une enveloppe fille de l'axe 2),
un appel à venir ; la Métropole Rouen Normandie (500 703 habitants) et son membre ; un dossier
déposé, un dossier pré-sélectionné dont la commune B est partenaire ; deux jurés (« jure »,
et « membre_b », en conflit d'intérêts avec le dossier dont B est partenaire)."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fonds.collectivites.enums import Nature
from guichet_national.services import appels, jury
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def deliberation():
    return SimpleUploadedFile("deliberation.pdf", PDF, content_type="application/pdf")


def reponses(**autres) -> dict:
    return {
        "contexte": "Nos démarches sont sur papier.",
        "objectifs": "Dématérialiser les aides sociales.",
        "usagers": "Les familles du territoire.",
        "livrables": "Un service en ligne accessible.",
        "calendrier": "2027",
        "open_source": True,
        "plan_de_financement": "Autofinancement pour le reste.",
        "autres_financements": Decimal(0),
        **autres,
    }


def ouvrir(admin, volet, vague=1, *, montant="1000000", jours=(-1, 30)):
    maintenant = timezone.now()
    return appels.ouvrir_appel(
        volet=volet,
        vague=vague,
        ouverture=maintenant + datetime.timedelta(days=jours[0]),
        cloture=maintenant + datetime.timedelta(days=jours[1]),
        montant=Decimal(montant),
        par=admin,
        cahier="Des démarches de bout en bout, accessibles (RGAA), au code ouvert.",
        exemples="Un portail des aides sociales\nLa prise de rendez-vous en ligne",
    )


def deposer(appel, collectivite, par, titre="Portail des aides", lignes=None, partenaires=()):
    return appels.deposer_projet(
        appel=appel,
        collectivite=collectivite,
        par=par,
        titre=titre,
        reponses=reponses(),
        lignes=lignes or [("Développement", Decimal("300000")), ("Hébergement", Decimal("100000"))],
        partenaires=partenaires,
        pieces=[("deliberation", deliberation())],
    )


def construire_appels(territoire, roles) -> dict:
    admin = roles["administrateur"]
    volets = appels.garantir_volets()
    ouvert = ouvrir(admin, volets[0])
    a_venir = ouvrir(admin, volets[1], jours=(10, 40))
    rouen = CollectiviteFactory(
        nom="Métropole Rouen Normandie",
        nature=Nature.EPCI,
        population=500_703,
        departement=territoire["dx"],
    )
    porteur = AdhesionFactory(collectivite=rouen).user
    depose = deposer(ouvert, rouen, porteur, titre="Prise de rendez-vous")
    preselectionne = deposer(
        ouvert, rouen, porteur, titre="Portail des aides", partenaires=[territoire["b"]]
    )
    appels.preselectionner(
        dossier=preselectionne, par=roles["dinum"], retenu=True, motivation="Projet solide."
    )
    preselectionne.refresh_from_db()
    jure = jury.nommer_jure(appel=ouvert, email=roles["jure"].email, par=roles["dinum"])
    en_conflit = jury.nommer_jure(appel=ouvert, email=roles["membre_b"].email, par=roles["dinum"])
    return {
        "appel": ouvert,
        "a_venir": a_venir,
        "rouen": rouen,
        "porteur": porteur,
        "depose": depose,
        "preselectionne": preselectionne,
        "jure": jure,
        "jure_en_conflit": en_conflit,
    }


def notes_completes(appel, valeur=4, justification="Argumenté.") -> dict:
    return {c.pk: (valeur, justification) for c in appel.criteres.all()}
