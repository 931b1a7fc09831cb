"""Les services retenus et le Territoires Store (axe 1) dans la matrice et les budgets.

Le monde (tests/consultation/monde_services.py) : un tour en expression d'intérêt ; « Un
guichet des aides pour tous », en développement, dont la commune A est référente (un jalon, une
consultation des référents) ; « Carte des équipements sportifs », livré au Store, que la
commune B a demandé à rejoindre. Pages publiques : la liste, la fiche d'un service, le Store.
Un membre vérifié se porte volontaire ou rejoint pour sa collectivité seulement (pour une
autre : 422, rien d'écrit) ; l'ANCT et les administrateurs pilotent ; la consultation des
référents est à l'ANCT et aux référents, et seuls les référents y répondent."""

import datetime

from django.utils import timezone

from consultation.models import (
    AdhesionService,
    CandidatureNationale,
    Interet,
    Jalon,
    Question,
    Reponse,
    ServiceRetenu,
)
from fonds.financement.models import Enveloppe
from tests.consultation.monde_services import construire, grossir  # noqa: F401
from tests.preuves.monde import INVALIDE, METHODE, OK, REDIRIGE, ROLES
from tests.preuves.pages import Page, connecte, pour, selon

ANCT = ("anct", "administrateur")
MEMBRES = ("membre_a", "membre_b")


def _m(m):
    return m.axes["services"]


def _service(m):
    return {"uuid": _m(m)["service"].uuid}


def _livre(m):
    return {"uuid": _m(m)["livre"].uuid}


def _fiches(m):
    return sorted(
        ServiceRetenu.objects.values_list("pk", "nom", "pour_qui", "gouvernance", "statut")
    )


def _pour_anct(donnees, etat, kwargs=_service):
    return Page(
        get=connecte(METHODE), post=pour(ANCT, REDIRIGE), kwargs=kwargs, donnees=donnees, etat=etat
    )


PAGES = {
    "consultation:services": Page(
        get=selon(OK),
        post=selon(METHODE),
        visible=lambda m: {"Un guichet des aides pour tous": ROLES},
    ),
    "consultation:store": Page(
        get=selon(OK),
        post=selon(METHODE),
        visible=lambda m: {"Carte des équipements sportifs": ROLES},
    ),
    "consultation:service": Page(
        get=selon(OK),
        post=selon(METHODE),
        kwargs=_service,
        visible=lambda m: {
            "Premier prototype": ROLES,
            "Piloter le suivi du service": ANCT,
            "Quels sites pilotes": (*ANCT, "membre_a"),
            "Se porter volontaire": MEMBRES,
        },
    ),
    # Pour la commune B : le membre de A ne choisit pas B (422), les autres n'agissent pas.
    "consultation:volontaire": Page(
        get=connecte(METHODE),
        post=pour(("membre_b",), REDIRIGE) | {"membre_a": INVALIDE},
        kwargs=_service,
        donnees=lambda m: {"collectivite": m.territoire["b"].uuid, "role": "referent"},
        etat=lambda m: sorted(Interet.objects.values_list("pk", "collectivite_id", "role")),
    ),
    "consultation:rejoindre": Page(
        get=connecte(METHODE),
        post=pour(("membre_a",), REDIRIGE) | {"membre_b": INVALIDE},
        kwargs=_livre,
        donnees=lambda m: {"collectivite": m.territoire["a"].uuid},
        etat=lambda m: sorted(AdhesionService.objects.values_list("pk", "collectivite_id")),
    ),
    # La passerelle vers l'axe 2 : un membre d'un référent (commune A) vérifie puis candidate à
    # l'appel ouvert avec la métropole référente (groupement formé) ; les autres reçoivent 403.
    "consultation:candidater": Page(
        get=pour(("membre_a",), OK),
        post=pour(("membre_a",), REDIRIGE),
        kwargs=_service,
        donnees=lambda m: {
            "appel": _m(m)["appel"].guichet.slug,
            "chef_de_file": m.territoire["a"].uuid,
            "action": "candidater",
        },
        etat=lambda m: sorted(
            CandidatureNationale.objects.values_list("pk", "service_id", "collectivite_id")
        ),
        visible=lambda m: {"Métropole référente": ("membre_a",)},
    ),
    "consultation:piloter": Page(
        get=pour(ANCT, OK),
        post=pour(ANCT, REDIRIGE),
        kwargs=_service,
        donnees=lambda m: {
            "nom": "Un guichet des aides pour tous",
            "description": "Un guichet commun des aides locales.",
            "pour_qui": "Les associations et les habitants.",
            "licence": "EUPL-1.2",
            "gouvernance": "gip",
        },
        etat=_fiches,
        visible=lambda m: {"Un chef de projet à mi-temps": ANCT},
    ),
    "consultation:ajouter_jalon": _pour_anct(
        lambda m: {
            "titre": "Mise en production",
            "echeance": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
            "statut": "prevu",
        },
        lambda m: sorted(Jalon.objects.values_list("pk", "titre")),
    ),
    "consultation:changer_jalon": _pour_anct(
        lambda m: {"statut": "atteint"},
        lambda m: sorted(Jalon.objects.values_list("pk", "statut")),
        kwargs=lambda m: {"uuid": _m(m)["service"].uuid, "pk": _m(m)["jalon"].pk},
    ),
    "consultation:financer_gouvernance": _pour_anct(
        lambda m: {
            "montant": "2 000",
            "beneficiaire": m.territoire["a"].uuid,
            "objet": "Étude juridique du GIP",
        },
        lambda m: sorted(Enveloppe.objects.values_list("pk", "montant_engage")),
    ),
    "consultation:consulter": _pour_anct(
        lambda m: {"texte": "Quel calendrier de déploiement ?"},
        lambda m: sorted(Question.objects.values_list("pk", "texte")),
    ),
    "consultation:decliner_interet": _pour_anct(
        lambda m: {"motif": "Le service a déjà trois référents dans la région."},
        lambda m: sorted(Interet.objects.values_list("pk", "decline_le")),
        kwargs=lambda m: {"uuid": _m(m)["service"].uuid, "pk": _m(m)["interet_a"].pk},
    ),
    "consultation:livrer": _pour_anct(
        lambda m: {},
        _fiches,
    ),
    "consultation:question": Page(
        get=pour((*ANCT, "membre_a"), OK),
        post=pour(("membre_a",), REDIRIGE),
        kwargs=lambda m: {"uuid": _m(m)["question"].uuid},
        donnees=lambda m: {"collectivite": m.territoire["a"].uuid, "texte": "La mairie annexe."},
        etat=lambda m: sorted(Reponse.objects.values_list("pk", "texte")),
        visible=lambda m: {"Envoyer la réponse": ("membre_a",)},
    ),
    # On ne dépose pas au guichet du comité : sa page renvoie aux décisions du tour.
    "consultation:guichet_du_comite": Page(
        get=selon(REDIRIGE),
        post=selon(METHODE),
        kwargs=lambda m: {"slug": f"comite-{_m(m)['tour'].slug}"},
    ),
    "consultation:demandes_store": Page(
        get=pour(ANCT, OK),
        post=pour(ANCT, REDIRIGE),
        donnees=lambda m: {"adhesion": _m(m)["adhesion_b"].pk},
        etat=lambda m: sorted(AdhesionService.objects.values_list("pk", "en_service_le")),
        visible=lambda m: {"Marquer": ANCT},
    ),
}

BUDGETS = {
    "consultation:service": (
        12,
        "le service et sa décision, ses volontaires, ses jalons, ses financements, ses "
        "utilisatrices, ses consultations (ANCT et référents), ses candidatures aux appels "
        "nationaux et leur dossier, les adhésions et les collectivités du membre (deux "
        "formulaires)",
    ),
    "consultation:piloter": (
        10,
        "le service, ses volontaires, ses jalons, les référents du formulaire de financement",
    ),
}

BUDGETS["portail:mon_espace"] = (
    9,
    "le socle (8) et, pour une collectivité, ses services co-construits (rôles, services "
    "rejoints, consultations qui attendent sa réponse) en une requête",
)
