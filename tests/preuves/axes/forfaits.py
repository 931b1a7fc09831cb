"""Le guichet à forfait FranceConnect / API (axe 2) dans la matrice et les budgets.

Le monde : un guichet à forfait sur une enveloppe fille de l'axe 2 ; la commune A a son forfait
FranceConnect accordé (la page de la décision, la mise en service, la révocation) ; la commune
B attend en liste d'attente sur un second guichet épuisé."""

import datetime

from django.urls import reverse
from django.utils import timezone

from fonds.financement.models import Subvention
from guichet_national.models import DemandeForfait
from tests.guichet_national.monde import construire, grossir  # noqa: F401
from tests.preuves.monde import (
    CONNEXION,
    INTERDIT,
    INTROUVABLE,
    INVALIDE,
    METHODE,
    OK,
    REDIRIGE,
)
from tests.preuves.pages import Page, connecte, pour, selon

SUIVENT = ("dinum", "administrateur")
VOIENT_A = ("membre_a", *SUIVENT)


def _guichet(m):
    return {"slug": m.axes["forfaits"]["guichet"].slug}


def _accordee(m):
    return {"uuid": m.axes["forfaits"]["accordee"].uuid}


def _attente(m):
    return {"uuid": m.axes["forfaits"]["attente"].uuid}


def _etat_demandes(m):
    return sorted(
        DemandeForfait.objects.values_list(
            "pk", "statut", "mise_en_service_le", "adresse_en_service"
        )
    )


def _etat_revocation(m):
    return (_etat_demandes(m), sorted(Subvention.objects.values_list("pk", "statut")))


def _demande_de_a(m):
    return {
        "collectivite": str(m.territoire["a"].uuid),
        "sorte": "api",
        "service_nom": "Aides sociales",
        "service_url": "https://demarches.exemple.fr/aides",
        "date_cible": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "api": "api_particulier",
        "reference_datapass": "4242",
        "etat_datapass": "demandee",
        "contact_nom": "Camille",
        "contact_email": "technique@exemple.fr",
        "maintien_en_production": "on",
    }


def _liste_visible(m):
    accordee = m.axes["forfaits"]["accordee"]
    return {reverse("guichet_national:forfait_demande", args=[accordee.uuid]): SUIVENT}


PAGES = {
    "guichet_national:forfait_guichet": Page(get=selon(OK), post=selon(METHODE), kwargs=_guichet),
    # Seul un membre vérifié demande, pour sa collectivité ; les autres voient la règle (422).
    "guichet_national:forfait_demander": Page(
        get=connecte(OK),
        post=connecte(INVALIDE, membre_a=REDIRIGE),
        kwargs=_guichet,
        donnees=_demande_de_a,
        etat=_etat_demandes,
    ),
    "guichet_national:forfait_demandes": Page(
        get=pour(SUIVENT, OK),
        post=connecte(METHODE),
        kwargs=_guichet,
        visible=_liste_visible,
    ),
    "guichet_national:forfait_exporter": Page(
        get=pour(SUIVENT, OK),
        post=connecte(METHODE),
        kwargs=_guichet,
        parametres={"sorte": "franceconnect"},
        visible=lambda m: {"Inscription à la cantine": SUIVENT},
    ),
    "guichet_national:forfait_demande": Page(
        get=connecte(INTROUVABLE, **dict.fromkeys(VOIENT_A, OK)),
        post=connecte(METHODE),
        kwargs=_accordee,
        visible=lambda m: {"Déclarer la mise en service": ("membre_a",)},
    ),
    "guichet_national:forfait_mise_en_service": Page(
        get=connecte(METHODE),
        post=connecte(INTROUVABLE, membre_a=REDIRIGE, dinum=INTERDIT, administrateur=INTERDIT),
        kwargs=_accordee,
        donnees=lambda m: {
            "date": timezone.localdate().isoformat(),
            "adresse": "https://demarches.exemple.fr/ecole",
        },
        etat=_etat_demandes,
    ),
    "guichet_national:forfait_revoquer": Page(
        get=connecte(METHODE),
        post=connecte(INTROUVABLE, membre_a=INTERDIT, dinum=REDIRIGE, administrateur=REDIRIGE),
        kwargs=_accordee,
        donnees=lambda m: {"motif": "Habilitation DataPass inexistante."},
        etat=_etat_revocation,
    ),
}

# Les issues non employées restent importées pour qui étend la table.
_ = (CONNEXION, _attente)
