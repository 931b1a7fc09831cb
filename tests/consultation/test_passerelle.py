"""La passerelle vers l'axe 2 : les référents d'un service retenu candidatent à un appel
national ouvert quand ils réunissent assez d'habitants (règle du socle, somme en clair) — seuls
ou en groupement ad hoc —, une fois par appel ; le dossier d'appel rappelle le service dont il
vient, et la page du service montre le dossier."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultation.models import CandidatureNationale
from consultation.services import passerelle, referents
from fonds.collectivites.models import Collectivite
from guichet_national.services.appels import garantir_volets
from tests.guichet_national.monde_appels import deposer, ouvrir

from .monde import PetitMonde
from .monde_services import construire

pytestmark = pytest.mark.django_db


@pytest.fixture
def m(territoire, roles, fonds):
    return construire(PetitMonde(territoire, roles))


def _url(m):
    return reverse("consultation:candidater", args=[m["service"].uuid])


def _groupements():
    return Collectivite.objects.filter(nom__startswith="Groupement ad hoc")


def test_les_referents_reunis_sont_eligibles_avec_la_somme_en_clair(m, territoire):
    guichet = m["appel"].guichet
    e = passerelle.evaluer(m["service"], guichet, chef_de_file=territoire["a"])
    assert e.verdict.ok and not e.seul
    assert e.detail == ("Commune A : 1 500 + Métropole référente : 600 000 = 601 500 habitants")
    seule = passerelle.evaluer(m["service"], guichet, chef_de_file=m["metropole"])
    assert seule.verdict.ok and seule.seul


def test_candidater_forme_le_groupement_des_referents(m, territoire, roles, client):
    client.force_login(roles["membre_a"])
    donnees = {"appel": m["appel"].guichet.slug, "chef_de_file": territoire["a"].uuid}
    verifier = client.post(_url(m), {**donnees, "action": "verifier"})
    assert verifier.status_code == 200
    assert "601 500 habitants" in verifier.content.decode()
    assert not _groupements().exists()  # vérifier n'écrit rien

    r = client.post(_url(m), {**donnees, "action": "candidater"})
    assert r.status_code == 302
    assert r["Location"] == reverse(
        "guichet_national:appel_deposer", args=[m["appel"].guichet.slug]
    )
    c = CandidatureNationale.objects.get()
    groupement = _groupements().get()
    assert c.collectivite == groupement and c.service == m["service"]
    assert set(groupement.membres.all()) == {territoire["a"], m["metropole"]}
    # La personne dépose au nom du groupement : il est parmi ses collectivités éligibles.
    depot = client.get(r["Location"])
    assert groupement.nom in depot.content.decode()


def test_un_referent_qui_suffit_seul_candidate_seul(m, roles):
    membre = m["metropole"].adhesions.get().user
    c = passerelle.candidater(
        service=m["service"], guichet=m["appel"].guichet, chef_de_file=m["metropole"], par=membre
    )
    assert c.collectivite == m["metropole"]
    assert not _groupements().exists()


def test_des_referents_trop_peu_nombreux_ne_candidatent_pas(m, territoire, roles, client):
    interet = m["service"].interets.get(collectivite=m["metropole"])
    referents.decliner(interet=interet, motif="Hors du périmètre du service.", par=roles["anct"])
    client.force_login(roles["membre_a"])
    r = client.post(
        _url(m),
        {
            "appel": m["appel"].guichet.slug,
            "chef_de_file": territoire["a"].uuid,
            "action": "candidater",
        },
    )
    assert r.status_code == 422
    page = r.content.decode()
    assert "1 500 habitants" in page and "500 000" in page
    assert 'name="chef_de_file"' in page  # la saisie reste
    assert not CandidatureNationale.objects.exists() and not _groupements().exists()


def test_une_candidature_par_appel_et_seulement_aux_appels_ouverts(m, territoire, roles):
    guichet = m["appel"].guichet
    passerelle.candidater(
        service=m["service"], guichet=guichet, chef_de_file=territoire["a"], par=roles["membre_a"]
    )
    with pytest.raises(ValidationError, match="candidate déjà"):
        passerelle.candidater(
            service=m["service"],
            guichet=guichet,
            chef_de_file=territoire["a"],
            par=roles["membre_a"],
        )
    referents.se_porter_volontaire(
        service=m["livre"], collectivite=territoire["a"], role="referent", par=roles["membre_a"]
    )
    a_venir = ouvrir(roles["administrateur"], garantir_volets()[2], vague=8, jours=(10, 40))
    with pytest.raises(ValidationError, match="n'accepte pas"):
        passerelle.candidater(
            service=m["livre"],
            guichet=a_venir.guichet,
            chef_de_file=territoire["a"],
            par=roles["membre_a"],
        )
    assert CandidatureNationale.objects.count() == 1


def test_seul_un_membre_d_un_referent_candidate(m, territoire, roles, client):
    with pytest.raises(PermissionDenied):
        passerelle.candidater(
            service=m["service"],
            guichet=m["appel"].guichet,
            chef_de_file=territoire["a"],
            par=roles["membre_b"],
        )
    for personne in ("membre_b", "anct", "en_attente_a"):
        client.force_login(roles[personne])
        assert client.get(_url(m)).status_code == 403
    client.logout()
    assert client.get(_url(m)).status_code == 302  # vers la connexion
    assert not CandidatureNationale.objects.exists()


def test_le_dossier_d_appel_et_le_service_se_voient_l_un_l_autre(m, territoire, roles, client):
    c = passerelle.candidater(
        service=m["service"],
        guichet=m["appel"].guichet,
        chef_de_file=territoire["a"],
        par=roles["membre_a"],
    )
    dossier = deposer(m["appel"], c.collectivite, roles["membre_a"], titre="Guichet des aides")
    client.force_login(roles["membre_a"])
    page = client.get(reverse("dossiers:dossier", args=[dossier.uuid])).content.decode()
    assert "Issu de la consultation (axe 1)" in page
    assert reverse("consultation:service", args=[m["service"].uuid]) in page
    client.logout()
    service = client.get(reverse("consultation:service", args=[m["service"].uuid]))
    assert reverse("dossiers:dossier", args=[dossier.uuid]) in service.content.decode()
    # Un autre dossier du même appel ne porte pas ce panneau.
    client.force_login(m["metropole"].adhesions.get().user)
    autre = deposer(m["appel"], m["metropole"], m["metropole"].adhesions.get().user)
    page = client.get(reverse("dossiers:dossier", args=[autre.uuid])).content.decode()
    assert "Issu de la consultation" not in page
