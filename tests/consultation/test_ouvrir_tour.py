"""L'ANCT ouvre un tour depuis le portail : enveloppe prise sur ce qui reste de l'axe 1, dates
dans l'ordre, nom unique ; les autres ne le peuvent pas."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import Tour

pytestmark = pytest.mark.django_db

URL = reverse("consultation:ouvrir_tour")


def _saisie(nom="Consultation 2027", **autres):
    jour = timezone.localdate()
    champs = ["recueil_debut", "vote_debut", "selection_debut", "interet_debut"]
    champs.append("developpement_debut")
    dates = {
        c: (jour + datetime.timedelta(days=30 * (i + 1))).isoformat() for i, c in enumerate(champs)
    }
    return {"nom": nom, **dates, "max_soutiens": "3", **autres}


def test_l_anct_ouvre_un_tour_sur_ce_qui_reste_de_l_axe_1(fonds, monde_consultation, client, roles):
    client.force_login(roles["anct"])
    reponse = client.post(URL, _saisie(montant="2 000 000", groupements_votent="on"))
    tour = Tour.objects.get(nom="Consultation 2027")
    assert reponse["Location"] == reverse("consultation:calendrier", args=[tour.slug])
    assert tour.max_soutiens == 3 and tour.groupements_votent
    assert tour.enveloppe.montant == Decimal("2000000") and tour.enveloppe.parent.axe == "axe1"
    assert tour.history.get().history_user == roles["anct"]


@pytest.mark.parametrize(
    "changement, champ, message",
    [
        (
            {"vote_debut": (timezone.localdate() + datetime.timedelta(days=10)).isoformat()},
            "vote_debut",
            "doit commencer après",
        ),
        ({"montant": "999 000 000"}, "montant", "disponible"),
        ({"nom": ""}, "nom", "obligatoire"),
    ],
)
def test_saisie_refusee_et_gardee(
    fonds, monde_consultation, client, roles, changement, champ, message
):
    client.force_login(roles["anct"])
    saisie = _saisie(**changement)
    reponse = client.post(URL, saisie)
    assert reponse.status_code == 422
    form = reponse.context["form"]
    assert message in " ".join(form.errors[champ])
    assert form.data["max_soutiens"] == "3"
    assert not Tour.objects.filter(nom="Consultation 2027").exists()


def test_un_nom_deja_pris(monde_consultation, client, roles):
    client.force_login(roles["anct"])
    client.post(URL, _saisie())
    reponse = client.post(URL, _saisie())
    assert "déjà ce nom" in " ".join(reponse.context["form"].errors["nom"])


@pytest.mark.parametrize("role", ["membre_a", "instructeur_dx", "dinum"])
def test_seule_l_anct_ouvre_un_tour(monde_consultation, client, roles, role):
    client.force_login(roles[role])
    assert client.post(URL, _saisie()).status_code == 403
    assert not Tour.objects.filter(nom="Consultation 2027").exists()
