"""Le comité de sélection : déports proposés d'office, avis refusé au membre déporté, décisions
motivées, argent engagé par le socle sans dépasser l'enveloppe, notifications, procès-verbal."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultation.models.selection import Avis, DecisionComite, Deport, Qualite
from consultation.services import selection as comite
from fonds.notifications.models import Notification

from .monde import PetitMonde
from .monde_selection import construire, tour_en_selection

pytestmark = pytest.mark.django_db


@pytest.fixture
def m(territoire, roles, fonds):
    return construire(PetitMonde(territoire, roles))


def _cible(m, cle):
    return comite.cible_de(m["tour"], m[cle].uuid)


def test_deports_proposes_d_office(m):
    elu = m["elu_a"]
    assert set(Deport.objects.filter(membre=elu).values_list("groupe_id", "proposition_id")) == {
        (m["groupe"].pk, None),
        (None, m["seule_a"].pk),
    }
    assert all(d.automatique for d in elu.deports.all())
    assert not m["etat"].deports.exists()


def test_membre_deporte_ne_donne_pas_d_avis(m, roles):
    with pytest.raises(PermissionDenied):
        comite.donner_avis(
            tour=m["tour"], cible=_cible(m, "groupe"), par=roles["membre_a"], sens="favorable"
        )
    comite.donner_avis(
        tour=m["tour"], cible=_cible(m, "seule"), par=roles["membre_a"], sens="reserve"
    )
    comite.donner_avis(
        tour=m["tour"], cible=_cible(m, "groupe"), par=roles["jure"], sens="favorable"
    )
    assert Avis.objects.count() == 2
    with pytest.raises(PermissionDenied):
        comite.donner_avis(
            tour=m["tour"], cible=_cible(m, "groupe"), par=roles["membre_b"], sens="favorable"
        )


def test_classement_par_soutiens(m):
    lignes = comite.seance(m["tour"])["lignes"]
    assert [(x["cible"].titre, x["cible"].soutiens) for x in lignes][:2] == [
        ("Un guichet des aides pour tous", 2),
        ("Carte des équipements sportifs", 1),
    ]
    assert lignes[0]["cible"].cout == Decimal("60000")


def test_decider_retenu_engage_sur_l_enveloppe_et_notifie(m, roles):
    tour = m["tour"]
    d = comite.decider(
        tour=tour,
        cible=_cible(m, "groupe"),
        issue="retenu",
        voie="construire",
        montant=Decimal("60000"),
        motivation="Très soutenu par des communes de toutes tailles.",
        par=roles["anct"],
    )
    tour.enveloppe.refresh_from_db()
    assert tour.enveloppe.montant_engage == Decimal("60000")
    assert d.engagement.montant == Decimal("60000")
    assert comite.seance(tour)["total"] == Decimal("60000")
    notifies = set(
        Notification.objects.filter(cle__endswith=":selection").values_list(
            "destinataire_id", flat=True
        )
    )
    assert {roles["membre_a"].pk, roles["membre_b"].pk} <= notifies
    with pytest.raises(ValidationError, match="déjà décidé"):
        comite.decider(
            tour=tour,
            cible=_cible(m, "groupe"),
            issue="non_retenu",
            motivation="Non.",
            par=roles["anct"],
        )


@pytest.mark.parametrize(
    "champs, champ_en_erreur",
    [
        ({"issue": "retenu", "montant": Decimal("1000"), "motivation": "Oui."}, "voie"),
        ({"issue": "retenu", "voie": "ouvrir", "motivation": "Oui."}, "montant"),
        ({"issue": "non_retenu", "motivation": "  "}, "motivation"),
        (
            {"issue": "retenu", "voie": "ouvrir", "montant": Decimal("100001"), "motivation": "O"},
            "montant",
        ),
    ],
)
def test_decisions_refusees(m, roles, champs, champ_en_erreur):
    with pytest.raises(ValidationError) as exc:
        comite.decider(tour=m["tour"], cible=_cible(m, "seule"), par=roles["anct"], **champs)
    assert champ_en_erreur in exc.value.message_dict
    assert DecisionComite.objects.count() == 1  # celle du monde (non retenue)
    m["tour"].enveloppe.refresh_from_db()
    assert m["tour"].enveloppe.montant_engage == 0


def test_seule_l_anct_decide(m, roles):
    with pytest.raises(PermissionDenied):
        comite.decider(
            tour=m["tour"],
            cible=_cible(m, "seule"),
            issue="non_retenu",
            motivation="Non.",
            par=roles["jure"],
        )


def test_conflit_declare_retire_l_avis(m, roles):
    c = _cible(m, "seule")
    comite.donner_avis(tour=m["tour"], cible=c, par=roles["jure"], sens="favorable")
    comite.declarer_conflit(tour=m["tour"], cible=c, par=roles["jure"], motif="Ancien maire.")
    assert not Avis.objects.filter(membre=m["etat"]).exists()
    with pytest.raises(PermissionDenied):
        comite.donner_avis(tour=m["tour"], cible=c, par=roles["jure"], sens="favorable")


def test_proces_verbal_pdf(m, roles):
    comite.decider(
        tour=m["tour"],
        cible=_cible(m, "seule"),
        issue="non_retenu",
        motivation="Un service existe déjà.",
        par=roles["anct"],
    )
    assert comite.rendre_proces_verbal(m["tour"]).startswith(b"%PDF")


def test_pages(m, roles, client):
    tour = m["tour"]
    client.force_login(roles["membre_a"])
    url = reverse("consultation:selection_cible", args=[tour.slug, m["groupe"].uuid])
    assert "vous ne donnez pas d'avis" in client.get(url).content.decode()
    r = client.post(url, {"action": "avis", "sens": "favorable"})
    assert r.status_code == 403
    assert not Avis.objects.exists()
    assert client.get(reverse("consultation:seance", args=[tour.slug])).status_code == 200
    client.force_login(roles["anct"])
    r = client.post(
        url + "decision/", {"issue": "retenu", "montant": "200 000", "motivation": "Oui"}
    )
    assert r.status_code == 422
    texte = r.content.decode()
    assert "choisissez-la" in texte and "200 000" in texte
    r = client.post(
        reverse("consultation:comite", args=[tour.slug]),
        {"courriel": roles["membre_b"].email, "qualite": Qualite.COLLECTIVITE, "siren": ""},
    )
    assert r.status_code == 422 and "SIREN" in r.content.decode()
    r = client.get(reverse("consultation:proces_verbal", args=[tour.slug]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_second_tour_sans_comite(territoire, roles, fonds):
    tour, groupe, *_ = tour_en_selection(roles, territoire, slug="autre")
    assert comite.membre_de(tour, roles["jure"]) is None


def test_presence_notee_par_l_anct(m, roles, client):
    url = reverse("consultation:comite", args=[m["tour"].slug])
    client.force_login(roles["anct"])
    assert client.post(url, {"presence": m["etat"].pk}).status_code == 302
    m["etat"].refresh_from_db()
    assert not m["etat"].present
    client.force_login(roles["jure"])
    assert client.post(url, {"presence": m["etat"].pk}).status_code == 403
    m["etat"].refresh_from_db()
    assert not m["etat"].present


def test_la_page_du_tour_mene_au_comite_et_a_ses_decisions(m, client, roles):
    """Le vote clos, le public trouve les décisions du comité ; l'ANCT, le comité et la séance."""
    tour = m["tour"]
    decisions = reverse("consultation:decisions_comite", args=[tour.slug])
    comite_url = reverse("consultation:comite", args=[tour.slug])
    page = client.get(reverse("consultation:tour", args=[tour.slug])).content.decode()
    assert decisions in page and comite_url not in page
    client.force_login(roles["anct"])
    page = client.get(reverse("consultation:tour", args=[tour.slug])).content.decode()
    assert comite_url in page and reverse("consultation:seance", args=[tour.slug]) in page
