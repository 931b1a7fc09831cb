"""La vue régionale et l'export national : reçus, acceptés, engagé, restant."""

from decimal import Decimal

import pytest
from django.urls import reverse

from guichets_territoriaux.services import instruction, suivi

from .conftest import dossier_en_instruction

pytestmark = pytest.mark.django_db


def test_les_chiffres_de_chaque_guichet_et_de_chaque_region(guichet_dx, territoire, roles, client):
    agent = roles["instructeur_dx"]
    for lab in (False, True):
        dossier = dossier_en_instruction(guichet_dx, territoire["a"], roles["membre_a"], lab=lab)
        instruction.accepter(dossier=dossier, par=agent, montant=Decimal(7000), mode="convention")
    dossier_en_instruction(guichet_dx, territoire["a"], roles["membre_a"])
    (g,) = suivi.guichets_de_region(territoire["region"])
    assert (g.recus, g.acceptes, g.engage) == (3, 2, Decimal(14000))
    assert g.restant == Decimal(33000)  # 40 000 − 7 000 (le projet de lab est sur les labs)
    assert 0 < g.barre_engage < g.barre_enveloppe

    client.force_login(roles["instructeur_region"])
    page = client.get(reverse("guichets_territoriaux:vue_regionale", args=["R1"]))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    client.force_login(roles["instructeur_dx"])
    assert (
        client.get(reverse("guichets_territoriaux:vue_regionale", args=["R1"])).status_code == 403
    )
    client.force_login(roles["administrateur"])
    export = client.get(reverse("guichets_territoriaux:export_national")).content.decode()
    assert "R1;Région Une;100000.00;40000.00;3;2;14000.00;86000.00" in export
