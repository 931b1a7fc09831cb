"""`fonds.validation.valider` : les règles et les messages de `full_clean`, en peu de requêtes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fonds.financement.enums import NatureEnveloppe
from fonds.financement.models import Enveloppe
from fonds.validation import valider

pytestmark = pytest.mark.django_db


def _fille(fonds, **valeurs):
    axe = fonds["axe3"]
    return Enveloppe(
        **{
            "nom": "Essai",
            "nature": NatureEnveloppe.GUICHET,
            "axe": axe.axe,
            "parent": axe,
            "montant": Decimal("100"),
            **valeurs,
        }
    )


def _erreurs(objet, fonction):
    with pytest.raises(ValidationError) as exc:
        fonction(objet)
    return exc.value.message_dict


@pytest.mark.parametrize(
    "valeurs",
    [
        {"montant": Decimal("-1")},  # deux conditions violées à la fois
        {"montant_engage": Decimal("150")},  # une seule
        {"axe": ""},  # une condition à trois termes
        {"nom": ""},  # un champ, et les conditions vérifiées sur les autres
    ],
)
def test_memes_erreurs_que_full_clean(fonds, valeurs):
    assert _erreurs(_fille(fonds, **valeurs), valider) == _erreurs(
        _fille(fonds, **valeurs), lambda o: o.full_clean()
    )


def test_les_conditions_en_une_requete_et_le_parent_charge_pas_relu(fonds):
    enveloppe = _fille(fonds)
    with CaptureQueriesContext(connection) as valide:
        valider(enveloppe)
    with CaptureQueriesContext(connection) as complet:
        enveloppe.full_clean()
    conditions = [q for q in valide.captured_queries if "_condition_" in q["sql"]]
    assert len(conditions) == 1
    assert not any('FROM "financement_enveloppe"' in q["sql"] for q in valide.captured_queries)
    assert len(valide.captured_queries) < len(complet.captured_queries)


def test_un_parent_non_charge_est_verifie(fonds):
    enveloppe = _fille(fonds)
    enveloppe.parent_id = 999_999  # l'objet chargé n'est plus le parent : on vérifie en base
    assert "parent" in _erreurs(enveloppe, valider)


def test_exclure_un_champ_ecarte_ses_conditions(fonds):
    enveloppe = _fille(fonds, montant=Decimal("-1"))
    valider(enveloppe, exclude=["montant"])
