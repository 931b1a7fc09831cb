"""Une sorte de guichet déclarée hors du socle (tests/dossiers/sorte_essai.py) : son
formulaire, ses pièces, ses étapes gardées (service et page), ses crochets de décision, ses
colonnes d'export et son panneau. Rien de `fonds/` n'a été modifié pour elle."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.urls import reverse

from fonds.dossiers import services, types
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Annotation
from tests.dossiers import sorte_essai
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guichet_essai(guichet):
    guichet.type = sorte_essai.CODE
    guichet.full_clean()
    guichet.save()
    return guichet


@pytest.fixture
def instruit(guichet_essai, territoire, roles):
    return DossierFactory(
        guichet=guichet_essai,
        collectivite=territoire["a"],
        cree_par=roles["membre_a"],
        en_instruction=True,
        donnees={"thematique": "cyber", "nombre_agents": 3},
    )


def _franchir(client, dossier, pas, **donnees):
    url = reverse("dossiers:franchir_etape", args=[dossier.uuid, pas])
    return client.post(url, donnees)


def test_une_sorte_inconnue_est_refusee_par_le_guichet(guichet):
    guichet.type = "inconnue"
    with pytest.raises(ValidationError) as erreur:
        guichet.full_clean()
    assert "type" in erreur.value.message_dict


def test_les_pieces_exigees_sont_celles_de_la_sorte(guichet_essai):
    guichet_essai.pieces_requises = ["deliberation"]  # le générique la connaît, pas l'essai
    with pytest.raises(ValidationError) as erreur:
        guichet_essai.full_clean()
    assert "deliberation" in erreur.value.message_dict["pieces_requises"][0]


def test_une_sorte_se_declare_une_fois_et_avec_des_etapes_connues():
    types.enregistrer(sorte_essai.SORTE)  # la même : rien ne change
    with pytest.raises(ImproperlyConfigured, match="existe déjà"):
        types.enregistrer(types.TypeGuichet(code=sorte_essai.CODE, libelle="Autre"))
    with pytest.raises(ImproperlyConfigured, match="non déclarées"):
        types.enregistrer(
            types.TypeGuichet(
                code="bancale",
                libelle="Bancale",
                transitions=(types.Transition("aller", "Aller", vers="nulle_part"),),
            )
        )
    assert not types.existe("bancale")


def test_le_formulaire_et_la_piece_obligatoire_de_la_sorte(
    client, guichet_essai, territoire, roles
):
    dossier = DossierFactory(
        guichet=guichet_essai, collectivite=territoire["a"], cree_par=roles["membre_a"]
    )
    client.force_login(roles["membre_a"])
    page = client.get(reverse("dossiers:modifier", args=[dossier.uuid])).content.decode()
    assert "Nombre d&#x27;agents formés" in page
    # La pièce exigée au dépôt n'est pas dite « (Optionnel) » ; l'autre pièce l'est.
    debut = page.index('for="id_piece_datapass"')
    assert "Optionnel" not in page[debut : page.index("</label>", debut)]
    assert "Obligatoire pour déposer le dossier" in page[debut : page.index("</label>", debut)]
    debut = page.index('for="id_piece_autre"')
    assert "Optionnel" in page[debut : page.index("</label>", debut)]
    reponse = client.post(
        reverse("dossiers:deposer", args=[dossier.uuid]),
        {
            "titre": dossier.titre,
            "description": dossier.description,
            "montant_demande": "100",
            "nombre_agents": "2",
        },
    )
    assert reponse.status_code == 400
    assert "Joignez la pièce « Habilitation DataPass »" in reponse.content.decode()


def test_les_etapes_gardees_par_la_page(client, instruit, roles):
    client.force_login(roles["instructeur_dx"])
    page = client.get(reverse("dossiers:dossier", args=[instruit.uuid])).content.decode()
    assert "Pré-sélectionner" in page
    assert "Convoquer le jury" not in page  # son prédicat ne l'ouvre qu'à l'administration

    # Un pas que son prédicat ferme à cet agent : 403, rien ne change.
    assert _franchir(client, instruit, "convoquer_le_jury").status_code == 403
    reponse = _franchir(client, instruit, "preselectionner", commentaire="Dossier solide")
    assert reponse.status_code == 302
    instruit.refresh_from_db()
    assert instruit.etape == "preselectionne"
    derniere = instruit.history.order_by("-history_date").first()
    assert derniere.history_change_reason == "Pré-sélectionner — étape : Pré-sélectionné"
    assert derniere.history_user == roles["instructeur_dx"]
    assert Annotation.objects.filter(
        dossier=instruit, texte="Pré-sélectionner : Dossier solide"
    ).exists()

    # Toujours pas pour lui depuis la bonne étape ; l'administration, oui.
    assert _franchir(client, instruit, "convoquer_le_jury").status_code == 403
    client.force_login(roles["administrateur"])
    assert _franchir(client, instruit, "convoquer_le_jury").status_code == 302
    instruit.refresh_from_db()
    assert instruit.etape == "au_jury"
    # Deux fois : plus depuis la bonne étape, le message le dit.
    reponse = _franchir(client, instruit, "preselectionner")
    assert reponse.status_code == 302
    messages = [str(m) for m in reponse.wsgi_request._messages]
    assert any("ne se fait pas depuis l'étape actuelle (Devant le jury)" in m for m in messages)


def test_les_etapes_refusees_hors_instruction_et_aux_autres(
    client, guichet_essai, territoire, roles
):
    depose = DossierFactory(
        guichet=guichet_essai, collectivite=territoire["a"], cree_par=roles["membre_a"], depose=True
    )
    with pytest.raises(ValidationError, match="en instruction"):
        services.franchir_etape(
            dossier=depose, par=roles["instructeur_dx"], transition="preselectionner"
        )
    with pytest.raises(ValidationError, match="n'existe pas"):
        services.franchir_etape(dossier=depose, par=roles["instructeur_dx"], transition="voter")
    with pytest.raises(PermissionDenied):
        services.franchir_etape(dossier=depose, par=roles["membre_a"], transition="preselectionner")
    client.force_login(roles["membre_a"])
    assert _franchir(client, depose, "preselectionner").status_code == 403
    client.force_login(roles["instructeur_dy"])
    assert _franchir(client, depose, "preselectionner").status_code == 404  # ne le voit pas
    depose.refresh_from_db()
    assert depose.etape == ""


def test_le_crochet_d_acceptation_tourne_dans_la_transaction(instruit, roles):
    services.accepter(dossier=instruit, par=roles["instructeur_dx"], motivation="Retenu")
    instruit.refresh_from_db()
    assert instruit.etat == Etat.ACCEPTE
    assert Annotation.objects.filter(
        dossier=instruit, texte=f"Suite donnée par {roles['instructeur_dx'].pk}"
    ).exists()


def test_un_crochet_qui_echoue_annule_la_decision(client, instruit, roles):
    instruit.donnees = {**instruit.donnees, "refuser_le_crochet": True}
    instruit.save()
    client.force_login(roles["instructeur_dx"])
    reponse = client.post(reverse("dossiers:accepter", args=[instruit.uuid]), {"motivation": ""})
    # La page revient avec le formulaire de décision tel que saisi, et le refus du crochet.
    assert reponse.status_code == 422
    assert "L&#x27;enveloppe de l&#x27;appel est épuisée." in reponse.content.decode()
    instruit.refresh_from_db()
    assert instruit.etat == Etat.EN_INSTRUCTION
    assert not Annotation.objects.filter(dossier=instruit).exists()


def test_colonnes_d_export_et_panneau_de_la_sorte(client, instruit, roles):
    client.force_login(roles["instructeur_dx"])
    url = reverse("dossiers:export_csv", args=[instruit.guichet.slug])
    contenu = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    entetes, ligne = contenu.splitlines()[:2]
    assert entetes.endswith(";Thématique")
    assert ligne.endswith(";cyber")
    page = client.get(reverse("dossiers:dossier", args=[instruit.uuid])).content.decode()
    assert "Panneau de l&#x27;essai" in page or "Panneau de l'essai" in page
    assert "Thématique : cyber" in page
    client.force_login(roles["membre_a"])
    page = client.get(reverse("dossiers:dossier", args=[instruit.uuid])).content.decode()
    assert "Panneau de l" not in page  # réservé aux agents
