"""Les pages du guichet à forfait : la décision à la page suivante, la saisie gardée (422)
avec la règle, les périmètres."""

import pytest
from django.urls import reverse

from guichet_national.models import DemandeForfait, StatutDemande
from guichet_national.services.forfaits import demander_forfait

from .conftest import formulaire, reponses

pytestmark = pytest.mark.django_db


def _url(nom, *args):
    return reverse(f"guichet_national:{nom}", args=args)


def test_page_publique_dit_les_regles_et_le_reste(client, guichet):
    page = client.get(_url("forfait_guichet", guichet.slug))
    assert page.status_code == 200
    texte = page.content.decode()
    assert "5\u202f000,00" in texte and "50\u202f000,00" in texte
    assert "2 forfaits" in texte


def test_demande_puis_decision_a_la_page_suivante(client, guichet, territoire, roles):
    client.force_login(roles["membre_a"])
    reponse = client.post(_url("forfait_demander", guichet.slug), formulaire(territoire["a"]))
    assert reponse.status_code == 302
    demande = DemandeForfait.objects.get()
    assert reponse["Location"] == _url("forfait_demande", demande.uuid)
    page = client.get(reponse["Location"])
    assert "Forfait accordé" in page.content.decode()


def test_troisieme_demande_refusee_avec_la_regle_saisie_gardee(client, guichet, territoire, roles):
    client.force_login(roles["membre_a"])
    for sorte in ("franceconnect", "api"):
        client.post(_url("forfait_demander", guichet.slug), formulaire(territoire["a"], sorte))
    donnees = formulaire(territoire["a"], "franceconnect", service_nom="Troisième service")
    reponse = client.post(_url("forfait_demander", guichet.slug), donnees)
    assert reponse.status_code == 422
    texte = reponse.content.decode()
    assert "plafond par bénéficiaire" in texte
    assert "Troisième service" in texte
    assert DemandeForfait.objects.count() == 2


@pytest.mark.parametrize(
    "changement, message",
    [
        ({"demarche": ""}, "nommez la démarche"),
        ({"sorte": "api", "api": "api_inexistante"}, "pas dans la liste du guichet"),
        ({"reference_datapass": ""}, "Habilitation DataPass"),
        ({"maintien_en_production": ""}, "cochez"),
    ],
)
def test_mauvaise_saisie(client, guichet, territoire, roles, changement, message):
    client.force_login(roles["membre_a"])
    donnees = formulaire(territoire["a"], service_nom="Mon service gardé", **changement)
    reponse = client.post(_url("forfait_demander", guichet.slug), donnees)
    assert reponse.status_code == 422
    assert message in reponse.content.decode()
    assert "Mon service gardé" in reponse.content.decode()
    assert not DemandeForfait.objects.exists()


def test_collectivite_dont_on_n_est_pas_membre(client, guichet, territoire, roles):
    client.force_login(roles["membre_b"])
    reponse = client.post(_url("forfait_demander", guichet.slug), formulaire(territoire["a"]))
    assert reponse.status_code == 422
    assert "seuls ses membres vérifiés" in reponse.content.decode()
    assert not DemandeForfait.objects.exists()


def test_la_demande_se_voit_de_sa_collectivite_et_de_la_dinum(client, guichet, territoire, roles):
    demande = demander_forfait(
        guichet=guichet, collectivite=territoire["a"], par=roles["membre_a"], **reponses()
    )
    for role, attendu in [("membre_a", 200), ("dinum", 200), ("membre_b", 404), ("anct", 404)]:
        client.force_login(roles[role])
        assert client.get(_url("forfait_demande", demande.uuid)).status_code == attendu


def test_dinum_liste_filtre_exporte_et_revoque(client, guichet, territoire, roles):
    for sorte in ("franceconnect", "api"):
        demander_forfait(
            guichet=guichet, collectivite=territoire["a"], par=roles["membre_a"], **reponses(sorte)
        )
    client.force_login(roles["membre_a"])
    assert client.get(_url("forfait_demandes", guichet.slug)).status_code == 403
    client.force_login(roles["dinum"])
    page = client.get(_url("forfait_demandes", guichet.slug), {"sorte": "api"})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 1
    export = client.get(_url("forfait_exporter", guichet.slug), {"sorte": "franceconnect"})
    lignes = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lignes) == 2 and "Inscription à la cantine" in lignes[1]
    demande = DemandeForfait.objects.get(sorte="api")
    vide = client.post(_url("forfait_revoquer", demande.uuid), {"motif": ""})
    assert vide.status_code == 422
    reponse = client.post(_url("forfait_revoquer", demande.uuid), {"motif": "DataPass inventé"})
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.REVOQUEE


def test_le_socle_montre_les_forfaits_au_public(client, guichet, territoire, roles):
    """Transparence : bénéficiaire, objet (la sorte) et montant dans le tableau de bord public
    et les données ouvertes du socle."""
    demander_forfait(
        guichet=guichet, collectivite=territoire["a"], par=roles["membre_a"], **reponses()
    )
    reponse = client.get(reverse("financement:subventions_scdl_json"))
    texte = b"".join(reponse.streaming_content).decode()
    assert "Commune A" in texte and "Forfait FranceConnect" in texte and "5000" in texte
    tableau = client.get(reverse("financement:tableau_de_bord")).content.decode()
    # Le tableau de bord montre la consommation de l'enveloppe du guichet et mène aux données
    # ouvertes ligne à ligne (bénéficiaire, objet, montant) lues ci-dessus.
    assert guichet.enveloppe.nom in tableau and "5\u202f000,00" in tableau
    assert reverse("financement:subventions_scdl_json") in tableau


def test_le_socle_n_ouvre_pas_de_brouillon_sur_un_guichet_a_forfait(
    client, guichet, territoire, roles
):
    """La page du guichet dans le socle renvoie au formulaire du forfait ; « Commencer un
    dossier » n'y ouvre aucun brouillon, et le service le refuse aussi."""
    from django.core.exceptions import ValidationError

    from fonds.dossiers.models import Dossier
    from fonds.dossiers.services import creer_dossier

    client.force_login(roles["membre_a"])
    page = client.get(reverse("dossiers:guichet", args=[guichet.slug])).content.decode()
    assert _url("forfait_demander", guichet.slug) in page
    assert reverse("dossiers:commencer", args=[guichet.slug]) not in page
    reponse = client.post(
        reverse("dossiers:commencer", args=[guichet.slug]),
        {"collectivite": territoire["a"].pk},
    )
    assert reponse["Location"] == _url("forfait_demander", guichet.slug)
    with pytest.raises(ValidationError, match="propre formulaire"):
        creer_dossier(guichet=guichet, collectivite=territoire["a"], par=roles["membre_a"])
    assert not Dossier.objects.filter(guichet=guichet).exists()
