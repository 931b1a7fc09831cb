"""Un versement ne s'écrit qu'avec un montant à la française et une date possible."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fonds.financement import services as financement
from fonds.financement.enums import Axe, StatutSubvention, TypeVersement
from fonds.financement.models import Subvention
from tests.financement.conftest import attribuer

pytestmark = pytest.mark.django_db


def test_le_formulaire_de_versement_refuse_exposant_et_date_impossible(
    client, fonds, territoire, roles
):
    sub = attribuer(fonds[Axe.AXE_2], territoire["a"], roles["dinum"])
    Subvention.objects.filter(pk=sub.pk).update(statut=StatutSubvention.SIGNEE)
    client.force_login(roles["dinum"])
    url = reverse("financement:enregistrer_versement", args=[sub.uuid])
    for montant, date in (("1e3", "2026-03-01"), ("1000", "9999-12-31"), ("1000", "0001-01-01")):
        response = client.post(
            url,
            {"type": TypeVersement.ACOMPTE, "montant": montant, "date": date, "reference": "V"},
        )
        assert response.status_code < 500
        sub.refresh_from_db()
        assert sub.montant_verse == 0, (montant, date)


@pytest.mark.parametrize("date", [datetime.date(9999, 12, 31), datetime.date(1, 1, 1)])
def test_le_service_refuse_un_versement_a_une_date_impossible(fonds, territoire, roles, date):
    sub = attribuer(fonds[Axe.AXE_2], territoire["a"], roles["dinum"])
    Subvention.objects.filter(pk=sub.pk).update(statut=StatutSubvention.SIGNEE)
    with pytest.raises(ValidationError) as exc:
        financement.enregistrer_versement(
            subvention=Subvention.objects.get(pk=sub.pk),
            type=TypeVersement.ACOMPTE,
            montant=Decimal("1000.00"),
            date=date,
            reference="V-1",
            par=roles["dinum"],
        )
    assert "Un versement est daté entre le" in exc.value.message_dict["date"][0]
