"""Transparence : un lauréat d'appel à projets, subvention du socle, paraît sur la page
publique de l'appel, dans le tableau de bord public (axe 2) et dans les données ouvertes au
schéma national des subventions ; chaque décision est dans l'historique du dossier."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier
from fonds.financement.montants import en_euros
from guichet_national.services import appels, jury
from tests.financement.conftest import fonds  # noqa: F401

from .monde_appels import construire_appels, deposer

pytestmark = pytest.mark.django_db


@pytest.fixture
def m(fonds, territoire, roles):  # noqa: F811
    return construire_appels(territoire, roles)


def test_laureat_public_dans_l_appel_le_tableau_de_bord_et_les_donnees_ouvertes(client, m, roles):
    d = m["preselectionne"]
    refuse = deposer(m["appel"], m["rouen"], m["porteur"], titre="Projet refusé")
    appels.preselectionner(dossier=refuse, par=roles["dinum"], retenu=True, motivation="Bien")
    jury.decider(dossier=d, par=roles["dinum"], laureat=True, montant=Decimal("123456"))
    refuse.refresh_from_db()
    jury.decider(dossier=refuse, par=roles["dinum"], laureat=False, motivation="Trop tôt.")

    public = client.get(reverse("guichet_national:appel", args=[m["appel"].guichet.slug]))
    texte = public.content.decode()
    assert "Métropole Rouen Normandie" in texte and en_euros(Decimal(123456)) in texte
    assert "Projet refusé" not in texte

    scdl = b"".join(client.get(reverse("financement:subventions_scdl_csv")).streaming_content)
    lignes = [ligne for ligne in scdl.decode().splitlines() if "Rouen" in ligne]
    assert len(lignes) == 1 and "123456" in lignes[0]

    tableau = client.get(reverse("financement:tableau_de_bord")).content.decode()
    assert en_euros(Decimal(123456)) in tableau or "123 456" in tableau


def test_chaque_decision_est_dans_l_historique(m, roles):
    d = m["preselectionne"]
    jury.decider(dossier=d, par=roles["dinum"], laureat=True, montant=Decimal("1000"))
    d = Dossier.objects.get(pk=d.pk)
    assert d.etat == Etat.ACCEPTE
    etats = list(d.history.order_by("history_date").values_list("etat", "history_user_id"))
    assert (Etat.ACCEPTE, roles["dinum"].pk) in etats
    assert any(e == Etat.EN_INSTRUCTION for e, _u in etats)
