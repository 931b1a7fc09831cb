"""Aucune saisie ne fait répondre une erreur du serveur ni une page en anglais : caractère nul,
texte énorme, date impossible, montant écrit autrement qu'à la française."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fonds.financement.montants import lire_montant, verifier_montant
from fonds.forms import LONGUEUR_TEXTE
from tests.dossiers.factories import DossierFactory, GuichetFactory

pytestmark = pytest.mark.django_db


def _page_400_en_francais(response):
    assert response.status_code == 400
    html = response.content.decode()
    assert "Requête invalide" in html and "caractère nul" in html
    assert "Bad Request" not in html


@pytest.mark.parametrize(
    "adresse",
    [
        "/collectivites/recherche/?q=21231%00",
        "/orientation/?collectivite=21231%00&type_projet=etude",
        "/orientation/?collectivite=21231&type_projet=etude%00",
        "/orientation/?coll%00ectivite=21231",
    ],
)
def test_un_caractere_nul_dans_l_adresse_donne_la_page_400_en_francais(client, adresse):
    _page_400_en_francais(client.get(adresse))


def test_un_caractere_nul_en_json_pour_un_script(client):
    response = client.get(
        "/collectivites/recherche/?q=a%00", headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert "caractère nul" in response.json()["erreur"]


def test_un_caractere_nul_poste_ne_change_rien(client, territoire, roles):
    guichet = GuichetFactory(departement=territoire["dx"])
    dossier = DossierFactory(guichet=guichet, collectivite=territoire["a"])
    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("dossiers:modifier", args=[dossier.uuid]), {"titre": "Portail\x00citoyen"}
    )
    _page_400_en_francais(response)
    dossier.refresh_from_db()
    assert "Portail" not in dossier.titre


def test_une_description_enorme_revient_avec_un_message_et_le_brouillon_garde(
    client, territoire, roles
):
    guichet = GuichetFactory(departement=territoire["dx"])
    dossier = DossierFactory(guichet=guichet, collectivite=territoire["a"])
    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("dossiers:modifier", args=[dossier.uuid]),
        {"titre": "Titre gardé", "description": "x" * 10_000_000, "montant_demande": "4 500,50"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "au plus" in html and str(LONGUEUR_TEXTE)[:2] in html
    assert "fr-error-text" in html and "Bad Request" not in html
    dossier.refresh_from_db()
    # Ce qui était valide est enregistré ; la description trop longue n'écrase rien.
    assert (dossier.titre, dossier.montant_demande) == ("Titre gardé", Decimal("4500.50"))
    assert dossier.description == "Dématérialiser les démarches de la mairie."


def test_un_envoi_au_dela_de_la_limite_donne_la_page_400_en_francais(client, settings, roles):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(roles["membre_a"])
    response = client.post(reverse("comptes:demander_adhesion"), {"intitule_poste": "x" * 5000})
    assert response.status_code == 400
    html = response.content.decode()
    assert "trop volumineux" in html and "Bad Request" not in html


@pytest.mark.parametrize("au", ["9999-12-31", "0001-01-01", "10000-01-01"])
def test_le_journal_d_audit_refuse_une_date_impossible(client, roles, au):
    client.force_login(roles["administrateur"])
    response = client.get(reverse("portail:journal_audit"), {"format": "csv", "au": au})
    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]
    assert "fr-error-text" in response.content.decode()


@pytest.mark.parametrize(
    "saisie, attendu",
    [
        ("12 500,50", Decimal("12500.50")),
        ("12\u202f500,50", Decimal("12500.50")),
        ("12\u00a0500.5", Decimal("12500.50")),
        ("1 000 €", Decimal("1000")),
        ("150000", Decimal("150000")),
    ],
)
def test_un_montant_a_la_francaise(saisie, attendu):
    assert lire_montant(saisie) == attendu


@pytest.mark.parametrize(
    "saisie, message",
    [
        ("1e3", "sans exposant"),
        ("1,5e2", "sans exposant"),
        ("1E+50", "sans exposant"),
        ("١٢٣", "chiffres de 0 à 9"),
        ("１２", "chiffres de 0 à 9"),
        ("12,345", "deux chiffres après la virgule"),
        ("12.500,50", "par exemple"),
        ("0x10", "par exemple"),
        ("NaN", "par exemple"),
        ("-5", "supérieur à zéro"),
    ],
)
def test_un_montant_autrement_ecrit_est_refuse_en_francais(saisie, message):
    with pytest.raises(ValidationError) as exc:
        verifier_montant(saisie)
    assert message in exc.value.message_dict["montant"][0]
