"""Espace d'instruction : périmètre, filtres, recherche, exports, actions groupées, page du
dossier ; nombre de requêtes borné à 10 comme à 1 000 dossiers."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fonds import pages_en_cache
from fonds.dossiers import services
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier
from tests.collectivites.factories import CollectiviteFactory
from tests.dossiers.factories import PDF, DossierFactory, GuichetFactory

pytestmark = pytest.mark.django_db


def _creer_en_masse(guichet, territoire, nombre, **kwargs):
    communes = [territoire["a"], CollectiviteFactory(departement=territoire["dx"])]
    maintenant = timezone.now()
    Dossier.objects.bulk_create(
        Dossier(
            guichet=guichet,
            collectivite=communes[i % 2],
            cree_par=kwargs["par"],
            etat=Etat.DEPOSE,
            depose_le=maintenant,
            titre=f"Projet {i}",
            description="Dématérialisation des démarches",
            montant_demande=Decimal(1000 + i),
            tags="cyber" if i % 3 == 0 else "",
        )
        for i in range(nombre)
    )
    Dossier.objects.indexer_recherche()


def _requetes(client, django_assert_max_num_queries, url, budget=14):
    # Le pire cas : le formulaire de filtres partagé n'est pas encore gardé.
    pages_en_cache.tout_renouveler()
    with django_assert_max_num_queries(budget) as contexte:
        response = client.get(url)
    assert response.status_code == 200
    return len(contexte.captured_queries)


def test_liste_d_instruction_requetes_bornees(
    client, guichet, territoire, roles, django_assert_max_num_queries
):
    client.force_login(roles["instructeur_dx"])
    url = reverse("dossiers:instruction", args=[guichet.slug])
    _creer_en_masse(guichet, territoire, 10, par=roles["membre_a"])
    Dossier.objects.update(instructeur=roles["instructeur_dx"])
    peu = _requetes(client, django_assert_max_num_queries, url)
    _creer_en_masse(guichet, territoire, 990, par=roles["membre_a"])
    beaucoup = _requetes(client, django_assert_max_num_queries, url)
    filtre = _requetes(
        client, django_assert_max_num_queries, url + "?q=projet&etat=depose&tri=-montant&page=3"
    )
    assert peu == beaucoup == filtre, (
        "La liste d'instruction fait plus de requêtes quand les dossiers augmentent : "
        "pourquoi une requête de plus est-elle nécessaire ?"
    )


def test_page_du_dossier_requetes_bornees(
    client, depose, roles, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(roles["instructeur_dx"])
    url = reverse("dossiers:dossier", args=[depose.uuid])
    peu = _requetes(client, django_assert_max_num_queries, url, budget=16)
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(10):
            services.envoyer_message(
                dossier=depose,
                auteur=roles["membre_a"],
                corps=f"Message {i}",
                fichiers=[SimpleUploadedFile(f"m{i}.pdf", PDF)],
            )
            services.annoter(dossier=depose, auteur=roles["instructeur_dx"], texte=f"Note {i}")
            services.etiqueter(dossier=depose, par=roles["instructeur_dx"], tags=f"t{i}")
    beaucoup = _requetes(client, django_assert_max_num_queries, url, budget=16)
    assert peu == beaucoup


@pytest.mark.parametrize("acteur", ["instructeur_dx", "instructeur_region", "administrateur"])
def test_liste_accessible_aux_agents_du_guichet(acteur, client, guichet, depose, roles):
    client.force_login(roles[acteur])
    response = client.get(reverse("dossiers:instruction", args=[guichet.slug]))
    assert response.status_code == 200
    assert depose.titre in response.content.decode()


@pytest.mark.parametrize("acteur", ["instructeur_dy", "membre_a", "anct", "dinum", "jure"])
def test_liste_et_exports_refuses_aux_autres(acteur, client, guichet, depose, roles):
    client.force_login(roles[acteur])
    for nom in ("instruction", "export_csv", "export_xlsx"):
        assert client.get(reverse(f"dossiers:{nom}", args=[guichet.slug])).status_code == 403


def test_liste_sans_brouillons_ni_autres_guichets(
    client, guichet, dossier, depose, roles, territoire
):
    autre = DossierFactory(
        guichet=GuichetFactory(departement=territoire["dy"]),
        collectivite=territoire["b"],
        depose=True,
        titre="Dossier du guichet Y",
    )
    client.force_login(roles["instructeur_region"])
    contenu = client.get(reverse("dossiers:instruction", args=[guichet.slug])).content.decode()
    assert depose.titre in contenu
    assert dossier.titre not in contenu  # brouillon
    assert autre.titre not in contenu


def test_filtres_recherche_et_tri(client, guichet, territoire, roles):
    DossierFactory(
        guichet=guichet,
        collectivite=territoire["a"],
        depose=True,
        titre="Portail de la mairie",
        montant_demande=500,
        tags="cyber, urgent",
    )
    DossierFactory(
        guichet=guichet,
        collectivite=territoire["a"],
        en_instruction=True,
        titre="Téléphonie",
        montant_demande=90000,
    )
    client.force_login(roles["instructeur_dx"])
    url = reverse("dossiers:instruction", args=[guichet.slug])

    def titres(**params):
        return [d.titre for d in client.get(url, params).context["page"]]

    assert titres(etat="en_instruction") == ["Téléphonie"]
    assert titres(montant_min="1000") == ["Téléphonie"]
    assert titres(montant_max="1000") == ["Portail de la mairie"]
    assert titres(tag="urgent") == ["Portail de la mairie"]
    assert titres(tag="urg") == []
    assert titres(q="portail") == ["Portail de la mairie"]
    assert titres(tri="-montant") == ["Téléphonie", "Portail de la mairie"]
    assert titres(tri="montant") == ["Portail de la mairie", "Téléphonie"]
    assert titres(collectivite="commune a", tri="titre") == ["Portail de la mairie", "Téléphonie"]


def test_export_csv_suit_les_filtres_et_le_perimetre(client, guichet, territoire, roles, dossier):
    DossierFactory(
        guichet=guichet,
        collectivite=territoire["a"],
        depose=True,
        titre="Gardé",
        montant_demande=Decimal("1234.50"),
    )
    DossierFactory(
        guichet=guichet, collectivite=territoire["a"], en_instruction=True, titre="Filtré"
    )
    DossierFactory(
        guichet=GuichetFactory(departement=territoire["dy"]),
        collectivite=territoire["b"],
        depose=True,
        titre="Autre guichet",
    )
    client.force_login(roles["instructeur_dx"])
    response = client.get(reverse("dossiers:export_csv", args=[guichet.slug]), {"etat": "depose"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    texte = b"".join(response.streaming_content).decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(texte), delimiter=";"))
    assert lignes[0][:3] == ["Numéro", "Titre", "Collectivité"]
    assert [ligne[1] for ligne in lignes[1:]] == ["Gardé"]
    assert lignes[1][5] == "Déposé" and lignes[1][7] == "1234,50"


def test_export_xlsx(client, guichet, territoire, roles):
    DossierFactory(
        guichet=guichet, collectivite=territoire["a"], depose=True, titre="Dans le classeur"
    )
    client.force_login(roles["instructeur_dx"])
    response = client.get(reverse("dossiers:export_xlsx", args=[guichet.slug]))
    classeur = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    lignes = list(classeur.active.values)
    assert lignes[0][1] == "Titre" and lignes[1][1] == "Dans le classeur"


def test_actions_groupees(client, guichet, territoire, roles, dossier):
    a = DossierFactory(guichet=guichet, collectivite=territoire["a"], depose=True)
    b = DossierFactory(guichet=guichet, collectivite=territoire["a"], depose=True)
    hors = DossierFactory(
        guichet=GuichetFactory(departement=territoire["dy"]),
        collectivite=territoire["b"],
        depose=True,
    )
    client.force_login(roles["instructeur_dx"])
    choix = {"dossiers": [a.uuid, b.uuid, hors.uuid, dossier.uuid], "retour": "etat=depose"}
    response = client.post(reverse("dossiers:m_attribuer_selection", args=[guichet.slug]), choix)
    assert response["Location"].endswith("/instruction/?etat=depose")
    client.post(reverse("dossiers:instruire_selection", args=[guichet.slug]), choix)
    for d in (a, b):
        d.refresh_from_db()
        assert (d.etat, d.instructeur) == (Etat.EN_INSTRUCTION, roles["instructeur_dx"])
    hors.refresh_from_db()
    dossier.refresh_from_db()
    assert hors.etat == Etat.DEPOSE and hors.instructeur is None
    assert dossier.etat == Etat.BROUILLON


@pytest.mark.parametrize(
    "acteur", ["membre_b", "en_attente_a", "instructeur_dy", "anct", "jure", "sans_collectivite"]
)
def test_page_du_dossier_introuvable_pour_les_autres(acteur, client, depose, roles):
    client.force_login(roles[acteur])
    assert client.get(reverse("dossiers:dossier", args=[depose.uuid])).status_code == 404


def test_un_brouillon_est_invisible_des_agents(client, dossier, roles):
    client.force_login(roles["instructeur_dx"])
    assert client.get(reverse("dossiers:dossier", args=[dossier.uuid])).status_code == 404


def test_annotations_jamais_montrees_a_la_collectivite(client, depose, roles):
    services.annoter(dossier=depose, auteur=roles["instructeur_dx"], texte="Note très privée")
    client.force_login(roles["instructeur_region"])
    assert (
        "Note très privée"
        in client.get(reverse("dossiers:dossier", args=[depose.uuid])).content.decode()
    )
    client.force_login(roles["membre_a"])
    contenu = client.get(reverse("dossiers:dossier", args=[depose.uuid])).content.decode()
    assert "Note très privée" not in contenu
    assert "Annotations privées" not in contenu
    # Et la collectivité ne peut pas en écrire : un refus de droit, 403.
    response = client.post(reverse("dossiers:annoter", args=[depose.uuid]), {"texte": "x"})
    assert response.status_code == 403
    assert depose.annotations.count() == 1


def test_messages_entre_collectivite_et_agents(
    client, depose, roles, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(roles["membre_a"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dossiers:envoyer_message", args=[depose.uuid]),
            {"corps": "Bonjour, une question.", "fichier": SimpleUploadedFile("q.pdf", PDF)},
        )
    message = depose.messages.get()
    assert not message.de_agent and message.pieces.get().nom_original == "q.pdf"
    assert roles["instructeur_dx"].email in {m.to[0] for m in mailoutbox}
    assert roles["membre_a"].email not in {m.to[0] for m in mailoutbox}
    mailoutbox.clear()
    client.force_login(roles["instructeur_dx"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dossiers:envoyer_message", args=[depose.uuid]), {"corps": "Réponse."})
    assert depose.messages.last().de_agent
    assert [m.to[0] for m in mailoutbox] == [roles["membre_a"].email]
    client.force_login(roles["membre_a"])
    contenu = client.get(reverse("dossiers:dossier", args=[depose.uuid])).content.decode()
    assert "Bonjour, une question." in contenu and "Réponse." in contenu and "q.pdf" in contenu


def test_message_refuse_a_un_tiers(client, depose, roles):
    client.force_login(roles["membre_b"])
    response = client.post(reverse("dossiers:envoyer_message", args=[depose.uuid]), {"corps": "x"})
    assert response.status_code == 404
    assert not depose.messages.exists()


def test_decision_depuis_la_page(client, en_instruction, roles):
    client.force_login(roles["instructeur_dx"])
    client.post(reverse("dossiers:refuser", args=[en_instruction.uuid]), {"motivation": ""})
    en_instruction.refresh_from_db()
    assert en_instruction.etat == Etat.EN_INSTRUCTION
    client.post(
        reverse("dossiers:refuser", args=[en_instruction.uuid]), {"motivation": "Hors champ."}
    )
    en_instruction.refresh_from_db()
    assert en_instruction.etat == Etat.REFUSE
    client.force_login(roles["membre_a"])
    contenu = client.get(reverse("dossiers:dossier", args=[en_instruction.uuid])).content.decode()
    assert "Décision : Refusé" in contenu and "Hors champ." in contenu


def test_recherche_plein_texte_en_francais(depose, roles):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("La recherche en français (racines, mots vides) est celle de PostgreSQL.")
    services.etiqueter(dossier=depose, par=roles["instructeur_dx"], tags="cybersécurité")
    instruits = Dossier.objects.instruits_par(roles["instructeur_dx"])
    # Le vecteur est recalculé à chaque enregistrement par les services ; racines françaises.
    assert list(instruits.rechercher("démarche")) == [depose]  # « démarches » au pluriel
    assert list(instruits.rechercher("cybersécurité Commune")) == [depose]  # nom de collectivité
    assert list(instruits.rechercher("téléphonie")) == []


def test_deuxieme_candidature_signalee_aux_agents(client, guichet, territoire, depose, roles):
    autre = DossierFactory(
        guichet=guichet, collectivite=territoire["a"], depose=True, titre="Second dossier"
    )
    client.force_login(roles["instructeur_dx"])
    contenu = client.get(reverse("dossiers:dossier", args=[depose.uuid])).content.decode()
    assert "a déposé d'autres dossiers à ce guichet" in contenu and autre.titre in contenu
    client.force_login(roles["membre_a"])
    contenu = client.get(reverse("dossiers:dossier", args=[depose.uuid])).content.decode()
    assert "autres dossiers à ce guichet" not in contenu


def test_lettre_de_decision_en_pdf(client, en_instruction, roles):
    client.force_login(roles["membre_a"])
    url = reverse("dossiers:lettre_decision", args=[en_instruction.uuid])
    assert client.get(url).status_code == 404  # pas encore de décision
    services.accepter(dossier=en_instruction, par=roles["instructeur_dx"], motivation="Conforme.")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "lettre_decision" not in response["Content-Disposition"]
    assert url in client.get(reverse("portail:mon_espace")).content.decode()
    client.force_login(roles["membre_b"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("vue", "donnees", "message"),
    [
        ("demander_complements", {"message": "Le budget", "avant": "2027-02-31"}, "date valide"),
        ("demander_complements", {"message": "", "avant": ""}, "Précisez les compléments"),
    ],
)
def test_saisie_invalide_d_un_agent_refusee_avec_un_message(
    client, en_instruction, depose, roles, vue, donnees, message
):
    """Une date impossible ou un champ oublié : un message en français sur la page du dossier,
    rien d'enregistré, jamais une erreur 500."""
    dossier = depose if vue == "demander_complements" else en_instruction
    avant = Dossier.objects.values().get(pk=dossier.pk)
    client.force_login(roles["instructeur_dx"])
    reponse = client.post(reverse(f"dossiers:{vue}", args=[dossier.uuid]), donnees, follow=True)
    html = reponse.content.decode()
    if vue in ("accepter", "refuser"):
        # Le formulaire de décision revient tel que saisi, l'erreur à côté du champ.
        assert reponse.status_code == 422
        assert "fr-error-text" in html and message in html
        assert donnees["motivation"].replace("\x00", "") in html.replace("\x00", "")
    else:
        assert reponse.status_code == 200
        assert "fr-alert--error" in html and message in html
    assert Dossier.objects.values().get(pk=dossier.pk) == avant
    assert not dossier.annotations.exists()


@pytest.mark.parametrize(
    ("vue", "donnees"),
    [
        ("accepter", {"motivation": "Très\x00bien"}),
        ("refuser", {"motivation": "\x00"}),
        ("annoter", {"texte": "Note\x00"}),
        ("etiqueter", {"tags": "cyber\x00"}),
        ("demander_complements", {"message": "Le budget\x00", "avant": ""}),
    ],
)
def test_un_caractere_nul_d_un_agent_refuse_en_francais(
    client, en_instruction, depose, roles, vue, donnees
):
    """Un caractère nul (que PostgreSQL refuse : trouvé par le fuzz) : la page 400 en français
    (`fonds/portail/requetes.py`), rien d'enregistré, jamais une erreur 500."""
    dossier = depose if vue == "demander_complements" else en_instruction
    avant = Dossier.objects.values().get(pk=dossier.pk)
    client.force_login(roles["instructeur_dx"])
    reponse = client.post(reverse(f"dossiers:{vue}", args=[dossier.uuid]), donnees)
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "fr-alert--warning" in html and "caractère nul" in html
    assert Dossier.objects.values().get(pk=dossier.pk) == avant
    assert not dossier.annotations.exists()
