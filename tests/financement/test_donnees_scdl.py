"""Les subventions en données ouvertes au schéma national (SCDL « subventions »), validées
par frictionless contre le schéma (tests/financement/schemas/scdl-subventions.json)."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from frictionless import Resource, Schema, validate

from fonds.financement import services
from fonds.financement.donnees_scdl import CHAMPS
from fonds.financement.enums import Axe
from tests.financement.conftest import attribuer, attribuer_exceptionnellement

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parent / "schemas" / "scdl-subventions.json"


def _csv(client) -> str:
    reponse = client.get(reverse("financement:subventions_scdl_csv"))
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/csv")
    return b"".join(reponse.streaming_content).decode()


def _trois_subventions(enveloppe_dx, fonds, territoire, roles):
    a = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"], objet="=Portail")
    c = attribuer(fonds[Axe.AXE_2], territoire["c"], roles["dinum"], montant="5000.00")
    admin = attribuer_exceptionnellement(
        fonds[Axe.AXE_1], territoire["b"], roles["administrateur"], montant="1000.00"
    )
    return a, c, admin


def test_chaque_subvention_une_ligne_valide_au_schema(
    client, enveloppe_dx, fonds, territoire, roles
):
    a, c, admin = _trois_subventions(enveloppe_dx, fonds, territoire, roles)
    annulee = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"], montant="10.00")
    services.annuler_subvention(subvention=annulee, motif="Erreur", par=roles["instructeur_dx"])
    texte = _csv(client)
    rapport = validate(
        Resource(
            data=texte.encode(),
            format="csv",
            schema=Schema.from_descriptor(json.loads(SCHEMA.read_text())),
        )
    )
    assert rapport.valid, rapport.flatten(["rowNumber", "fieldName", "type", "note"])
    lignes = list(csv.DictReader(io.StringIO(texte)))
    assert list(lignes[0]) == CHAMPS
    par_reference = {ligne["referenceDecision"]: ligne for ligne in lignes}
    # Une ligne par subvention attribuée ; l'annulée n'est pas publiée.
    assert set(par_reference) == {str(a.dossier.uuid), str(c.dossier.uuid), str(admin.uuid)}
    ligne_a = par_reference[str(a.dossier.uuid)]
    assert ligne_a["nomBeneficiaire"] == "Commune A" and ligne_a["montant"] == "8000.00"
    assert ligne_a["objet"] == "'=Portail"  # jamais une formule dans un tableur
    assert ligne_a["nomAttribuant"] == "Préfecture — Département X"
    assert ligne_a["idBeneficiaire"] == f"{territoire['a'].siren}00000"
    assert par_reference[str(c.dossier.uuid)]["nomAttribuant"].startswith("Direction")
    assert ligne_a["conditionsVersement"] == "échelonné"
    assert ligne_a["pourcentageSubvention"] == "1.00" and ligne_a["notificationUE"] == "non"


def test_json_memes_lignes(client, enveloppe_dx, fonds, territoire, roles):
    _trois_subventions(enveloppe_dx, fonds, territoire, roles)
    reponse = client.get(reverse("financement:subventions_scdl_json"))
    lignes = json.loads(b"".join(reponse.streaming_content))
    assert len(lignes) == 3 and set(lignes[0]) == set(CHAMPS)
    assert {ligne["montant"] for ligne in lignes} == {8000.0, 5000.0, 1000.0}


def test_nombre_de_requetes_constant(
    client, enveloppe_dx, fonds, territoire, roles, django_assert_max_num_queries
):
    attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    with django_assert_max_num_queries(3) as peu:
        _csv(client)
    for i in range(5):
        attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"], montant=f"{100 + i}")
    with django_assert_max_num_queries(len(peu.captured_queries)):
        assert _csv(client).count("\n") == 7
