"""Le parcours de la collectivité : brouillon enregistré, repris, déposé ; erreurs en une fois."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier
from tests.dossiers.factories import PDF, DossierFactory

pytestmark = pytest.mark.django_db


def test_commencer_un_dossier(client, guichet, roles, territoire):
    client.force_login(roles["membre_a"])
    page = client.get(reverse("dossiers:guichet", args=[guichet.slug]))
    assert "Commencer un dossier" in page.content.decode()
    response = client.post(
        reverse("dossiers:commencer", args=[guichet.slug]), {"collectivite": territoire["a"].pk}
    )
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("dossiers:modifier", args=[dossier.uuid])
    assert (dossier.collectivite, dossier.cree_par) == (territoire["a"], roles["membre_a"])


def test_commencer_pour_une_autre_collectivite_est_refuse(client, guichet, roles, territoire):
    client.force_login(roles["membre_b"])
    client.post(
        reverse("dossiers:commencer", args=[guichet.slug]), {"collectivite": territoire["a"].pk}
    )
    assert not Dossier.objects.exists()


def test_brouillon_enregistre_par_le_bouton_puis_repris_par_un_autre_membre(
    client, dossier, roles, territoire
):
    from tests.comptes.factories import AdhesionFactory

    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("dossiers:modifier", args=[dossier.uuid]),
        {"titre": "Portail citoyen", "description": "", "montant_demande": "4500,50"},
    )
    assert response.status_code == 302
    # Le dossier appartient à la collectivité : une collègue le reprend.
    collegue = AdhesionFactory(collectivite=territoire["a"]).user
    client.force_login(collegue)
    contenu = client.get(reverse("dossiers:modifier", args=[dossier.uuid])).content.decode()
    assert 'value="Portail citoyen"' in contenu
    assert "4500,50" in contenu


def test_autosauvegarde_pendant_la_saisie(client, dossier, roles):
    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("dossiers:autosauvegarde", args=[dossier.uuid]),
        {"titre": "Tapé à l'instant", "montant_demande": "pas un nombre"},
    )
    # Ce qui est valide est enregistré ; le reste est signalé.
    assert response.status_code == 400
    assert "montant_demande" in response.json()["erreurs"]
    dossier.refresh_from_db()
    assert dossier.titre == "Tapé à l'instant"
    assert dossier.montant_demande is not None  # la saisie invalide n'écrase rien


def test_la_page_du_formulaire_charge_le_script_d_autosauvegarde(client, dossier, roles):
    client.force_login(roles["membre_a"])
    contenu = client.get(reverse("dossiers:modifier", args=[dossier.uuid])).content.decode()
    assert "js/brouillon.js" in contenu
    assert "data-autosauvegarde=" in contenu
    assert "Enregistrer le brouillon" in contenu


@pytest.mark.parametrize("acteur", ["membre_b", "en_attente_a", "instructeur_dx", "administrateur"])
def test_autosauvegarde_refusee_aux_autres(acteur, client, dossier, roles):
    client.force_login(roles[acteur])
    response = client.post(
        reverse("dossiers:autosauvegarde", args=[dossier.uuid]), {"titre": "Piraté"}
    )
    assert response.status_code in (403, 404)
    dossier.refresh_from_db()
    assert dossier.titre != "Piraté"


def test_deposer_montre_toutes_les_erreurs_et_garde_la_saisie(client, guichet, roles, territoire):
    guichet.pieces_requises = ["deliberation"]
    guichet.save()
    dossier = DossierFactory(
        guichet=guichet,
        collectivite=territoire["a"],
        titre="",
        description="",
        montant_demande=None,
    )
    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("dossiers:deposer", args=[dossier.uuid]),
        {"titre": "Mon titre gardé", "description": "", "montant_demande": ""},
    )
    assert response.status_code == 400
    contenu = response.content.decode()
    assert "Décrivez le projet." in contenu
    assert "Indiquez le montant demandé." in contenu
    assert "Joignez la pièce « Délibération »." in contenu
    assert 'value="Mon titre gardé"' in contenu
    dossier.refresh_from_db()
    assert dossier.etat == Etat.BROUILLON and dossier.titre == "Mon titre gardé"


def test_deposer_avec_la_piece_dans_le_meme_envoi(client, guichet, roles, territoire):
    guichet.pieces_requises = ["deliberation"]
    guichet.save()
    dossier = DossierFactory(guichet=guichet, collectivite=territoire["a"])
    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("dossiers:deposer", args=[dossier.uuid]),
        {
            "titre": dossier.titre,
            "description": dossier.description,
            "montant_demande": "12500",
            "piece_deliberation": SimpleUploadedFile("deliberation.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.content.decode()
    dossier.refresh_from_db()
    assert dossier.etat == Etat.DEPOSE
    assert dossier.pieces.get().nom_original == "deliberation.pdf"


def test_deposer_apres_la_cloture(client, dossier, roles):
    dossier.guichet.cloture = timezone.now() - datetime.timedelta(hours=1)
    dossier.guichet.save()
    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("dossiers:deposer", args=[dossier.uuid]),
        {"titre": "Titre", "description": "Texte", "montant_demande": "10"},
    )
    assert response.status_code == 400
    assert "il n&#x27;accepte plus de dépôt" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.etat == Etat.BROUILLON


def test_modifier_un_dossier_verrouille(client, en_instruction, roles):
    client.force_login(roles["membre_a"])
    response = client.post(
        reverse("dossiers:modifier", args=[en_instruction.uuid]), {"titre": "Changé"}
    )
    assert response.status_code == 403
    en_instruction.refresh_from_db()
    assert en_instruction.titre != "Changé"


def test_repondre_aux_complements(client, depose, roles):
    from fonds.dossiers import services

    services.demander_complements(dossier=depose, par=roles["instructeur_dx"], message="Le devis")
    client.force_login(roles["membre_a"])
    contenu = client.get(reverse("dossiers:modifier", args=[depose.uuid])).content.decode()
    assert "Transmettre les compléments" in contenu
    response = client.post(
        reverse("dossiers:repondre_complements", args=[depose.uuid]),
        {
            "titre": "Titre complété",
            "description": depose.description,
            "montant_demande": "100",
            "reponse": "Voici le devis.",
        },
    )
    assert response.status_code == 302
    depose.refresh_from_db()
    assert not depose.complements_demandes and depose.titre == "Titre complété"
    assert depose.messages.filter(corps="Voici le devis.").exists()


def test_mon_espace_montre_les_dossiers_de_la_collectivite(
    client, guichet, territoire, roles, django_assert_max_num_queries
):
    client.force_login(roles["membre_a"])
    url = reverse("portail:mon_espace")
    with django_assert_max_num_queries(14) as peu:
        client.get(url)
    DossierFactory(guichet=guichet, collectivite=territoire["a"], titre="Mon brouillon")
    depose = DossierFactory(
        guichet=guichet, collectivite=territoire["a"], depose=True, titre="Mon dossier déposé"
    )
    DossierFactory(guichet=guichet, collectivite=territoire["b"], titre="Dossier de B")
    from fonds.dossiers import services

    for _ in range(3):
        services.envoyer_message(dossier=depose, auteur=roles["instructeur_dx"], corps="Question")
    with django_assert_max_num_queries(14) as beaucoup:
        contenu = client.get(url).content.decode()
    assert len(peu.captured_queries) == len(beaucoup.captured_queries)
    assert "Mon brouillon" in contenu and "compléter et déposer le dossier" in contenu
    assert "Mon dossier déposé" in contenu and "attendre le début de l&#x27;instruction" in contenu
    assert "3 messages de l'instruction" in contenu
    assert "Dossier de B" not in contenu


def test_mon_espace_d_un_agent_liste_ses_guichets(client, guichet, roles):
    client.force_login(roles["instructeur_dx"])
    contenu = client.get(reverse("portail:mon_espace")).content.decode()
    assert reverse("dossiers:instruction", args=[guichet.slug]) in contenu
