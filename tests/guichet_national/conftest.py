import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fonds.financement import services as argent
from fonds.financement.enums import Axe, NatureEnveloppe
from guichet_national.models import ApiNationale
from guichet_national.services.forfaits_guichet import ouvrir_guichet_forfait
from tests.financement.conftest import fonds  # noqa: F401


def ouvrir(fonds, roles, *, forfaits=10, slug="forfaits"):  # noqa: F811
    enveloppe = argent.creer_enveloppe(
        parent=fonds[Axe.AXE_2],
        nom=f"Forfaits ({slug})",
        nature=NatureEnveloppe.GUICHET,
        montant=Decimal(5000 * forfaits),
        motif="Guichet à forfait",
        par=roles["administrateur"],
    )
    return ouvrir_guichet_forfait(
        nom="Forfaits FranceConnect / API",
        slug=slug,
        enveloppe=enveloppe,
        ouverture=timezone.now() - datetime.timedelta(days=1),
    )


@pytest.fixture
def guichet(fonds, roles):  # noqa: F811
    return ouvrir(fonds, roles)


def api_particuliers() -> ApiNationale:
    """L'API de la migration (recréée : un test en transaction vide les tables après lui)."""
    return ApiNationale.objects.get_or_create(
        code="api_particulier", defaults={"nom": "API Particulier"}
    )[0]


def reponses(sorte="franceconnect", **autres) -> dict:
    valeurs = {
        "sorte": sorte,
        "service_nom": "Inscriptions scolaires",
        "service_url": "https://demarches.exemple.fr/ecole",
        "date_cible": timezone.localdate() + datetime.timedelta(days=60),
        "demarche": "Inscription à la cantine" if sorte == "franceconnect" else "",
        "api": api_particuliers() if sorte == "api" else None,
        "reference_datapass": "12345",
        "etat_datapass": "obtenue",
        "contact_nom": "Camille Technique",
        "contact_email": "technique@exemple.fr",
        "maintien_en_production": True,
    }
    valeurs.update(autres)
    return valeurs


def formulaire(collectivite, sorte="franceconnect", **autres) -> dict:
    """Les données POST du formulaire de demande."""
    valeurs = reponses(sorte)
    valeurs["api"] = "api_particulier" if sorte == "api" else ""
    valeurs["date_cible"] = valeurs["date_cible"].isoformat()
    valeurs["maintien_en_production"] = "on"
    valeurs["collectivite"] = str(collectivite.uuid)
    valeurs.update(autres)
    return valeurs
