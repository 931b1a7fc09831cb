"""Les cinq critères, la décision dans l'enveloppe du guichet ou des labs, CRTE ou convention."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fonds.dossiers.enums import Etat
from fonds.financement.enums import Contractualisation
from fonds.financement.models import Subvention
from guichets_territoriaux.models import Critere, Note
from guichets_territoriaux.services import instruction as services
from guichets_territoriaux.services.repartition import enveloppe_labs

from .conftest import dossier_en_instruction

pytestmark = pytest.mark.django_db


def test_noter_les_cinq_criteres_avec_l_echelle_et_la_justification(guichet_dx, territoire, roles):
    dossier = dossier_en_instruction(guichet_dx, territoire["a"], roles["membre_a"], notes=False)
    agent = roles["instructeur_dx"]
    with pytest.raises(ValidationError) as exc:
        services.noter(dossier=dossier, par=agent, notes={"portage": (6, "Trop")})
    assert "La note va de 1" in str(exc.value)
    with pytest.raises(ValidationError, match="Justifiez"):
        services.noter(dossier=dossier, par=agent, notes={"portage": (3, " ")})
    with pytest.raises(PermissionDenied):
        services.noter(dossier=dossier, par=roles["instructeur_dy"], notes={"portage": (3, "x")})
    with pytest.raises(ValidationError, match="Notez les cinq critères"):
        services.accepter(dossier=dossier, par=agent, montant=None, mode="convention")
    notes = dict.fromkeys(Critere.values, (5, "Très bien."))
    services.noter(dossier=dossier, par=agent, notes=notes)
    assert Note.objects.filter(dossier=dossier, note=5).count() == 5


def test_accepter_avec_un_crte_engage_l_enveloppe_du_guichet(guichet_dx, territoire, roles):
    dossier = dossier_en_instruction(guichet_dx, territoire["a"], roles["membre_a"])
    with pytest.raises(ValidationError, match="référence du CRTE"):
        services.accepter(
            dossier=dossier, par=roles["instructeur_dx"], montant=Decimal(8000), mode="crte"
        )
    services.accepter(
        dossier=dossier,
        par=roles["instructeur_dx"],
        montant=Decimal(8000),
        mode="crte",
        reference_crte="CRTE-21-042",
    )
    subvention = Subvention.objects.get(dossier=dossier)
    assert subvention.contractualisation == Contractualisation.CRTE
    assert subvention.reference_crte == "CRTE-21-042"
    assert subvention.enveloppe == guichet_dx.enveloppe
    guichet_dx.enveloppe.refresh_from_db()
    assert guichet_dx.enveloppe.montant_engage == 8000


def test_un_projet_de_lab_puise_dans_l_enveloppe_nationale_des_labs(guichet_dx, territoire, roles):
    dossier = dossier_en_instruction(guichet_dx, territoire["a"], roles["membre_a"], lab=True)
    services.accepter(
        dossier=dossier, par=roles["instructeur_dx"], montant=Decimal(9000), mode="convention"
    )
    subvention = Subvention.objects.get(dossier=dossier)
    assert subvention.enveloppe == enveloppe_labs()
    assert subvention.contractualisation == Contractualisation.CONVENTION
    guichet_dx.enveloppe.refresh_from_db()
    assert guichet_dx.enveloppe.montant_engage == 0


def test_jamais_au_dela_de_l_enveloppe_du_guichet(guichet_dx, territoire, roles):
    dossier = dossier_en_instruction(guichet_dx, territoire["a"], roles["membre_a"], montant=50000)
    with pytest.raises(ValidationError, match="Il ne reste que"):
        services.accepter(
            dossier=dossier, par=roles["instructeur_dx"], montant=None, mode="convention"
        )
    dossier.refresh_from_db()
    assert dossier.etat == Etat.EN_INSTRUCTION
    assert not Subvention.objects.exists()


def test_l_agent_d_un_autre_departement_est_refuse(guichet_dx, territoire, roles, client):
    dossier = dossier_en_instruction(guichet_dx, territoire["a"], roles["membre_a"])
    client.force_login(roles["instructeur_dy"])
    for nom in ("instruire",):
        assert (
            client.get(reverse(f"guichets_territoriaux:{nom}", args=[dossier.uuid])).status_code
            == 403
        )
    reponse = client.post(
        reverse("guichets_territoriaux:decider", args=[dossier.uuid]),
        {"decision": "accepter", "mode": "convention"},
    )
    assert reponse.status_code == 403
    client.force_login(roles["instructeur_dx"])
    reponse = client.post(
        reverse("guichets_territoriaux:decider", args=[dossier.uuid]),
        {"decision": "accepter", "mode": "crte", "reference_crte": "CRTE-1", "montant": "5000"},
    )
    assert reponse.status_code == 302
    assert Subvention.objects.get(dossier=dossier).reference_crte == "CRTE-1"
