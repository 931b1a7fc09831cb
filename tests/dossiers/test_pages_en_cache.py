"""Pages connectées jamais servies du cache (fonds/pages_en_cache.py) : chaque requête d'une
personne connectée passe par les contrôles d'accès et lit les données courantes. Seules les
pages publiques, pour une requête anonyme, et des fragments partagés (le formulaire de filtres
d'un guichet) sont gardés, sous une clé qui ne porte personne."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fonds import pages_en_cache
from fonds.comptes.enums import Role
from fonds.comptes.models import Habilitation
from fonds.dossiers import services
from fonds.dossiers.models import Annotation, Dossier, Guichet, Message
from tests.comptes.factories import HabilitationFactory, UserFactory
from tests.dossiers.factories import PDF, DossierFactory

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')
REFUS = (403, 404)  # 404 quand l'objet ne doit pas se deviner (matrice des permissions)


def _lire(client, url, **params) -> str:
    reponse = client.get(url, params)
    assert reponse.status_code == 200, url
    assert pages_en_cache.ENTETE not in reponse, "page connectée servie ou gardée en cache"
    # Un flux est lu jusqu'au bout : le client de test le ferme alors lui-même.
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    return (
        contenu.decode()
        if reponse["Content-Type"].startswith(("text/", "application/json"))
        else ""
    )


@pytest.fixture
def bureau(client, guichet, depose, roles, settings, django_capture_on_commit_callbacks):
    """L'instructeur du guichet de X, connecté, avec un dossier déposé (pièce jointe, message,
    annotation privée) et un dossier décidé : toutes les pages du guichet lui répondent."""
    settings.ANTIVIRUS_BACKEND = "fonds.dossiers.antivirus.FauxAntivirus"
    instructeur = roles["instructeur_dx"]
    with django_capture_on_commit_callbacks(execute=True):
        message = services.envoyer_message(
            dossier=depose,
            auteur=roles["membre_a"],
            corps="Voici le devis",
            fichiers=[SimpleUploadedFile("devis.pdf", PDF, content_type="application/pdf")],
        )
    services.annoter(dossier=depose, auteur=instructeur, texte="Note privée de l'agent")
    decide = DossierFactory(guichet=guichet, collectivite=depose.collectivite, depose=True)
    services.passer_en_instruction(dossier=decide, par=instructeur)
    services.accepter(dossier=decide, par=instructeur, motivation="Projet solide.")
    client.force_login(instructeur)
    pages = {
        "liste": reverse("dossiers:instruction", args=[guichet.slug]),
        "liste filtrée": reverse("dossiers:instruction", args=[guichet.slug]) + "?etat=depose",
        "export CSV": reverse("dossiers:export_csv", args=[guichet.slug]),
        "export XLSX": reverse("dossiers:export_xlsx", args=[guichet.slug]),
        "page du dossier": reverse("dossiers:dossier", args=[depose.uuid]),
        "pièce jointe": reverse("dossiers:piece", args=[message.pieces.get().uuid]),
        "lettre de décision": reverse("dossiers:lettre_decision", args=[decide.uuid]),
    }
    for url in pages.values():  # chaque page répond, deux fois (rien n'est gardé pour lui)
        _lire(client, url)
        _lire(client, url)
    return pages


def _tout_refuse(client, pages, depose, roles):
    for nom, url in pages.items():
        reponse = client.get(url)
        assert reponse.status_code in REFUS, f"{nom} : {reponse.status_code}"
        assert b"Note priv" not in reponse.content, nom
    # Les actions aussi : une annotation de plus est refusée, rien n'est écrit.
    avant = Annotation.objects.count()
    reponse = client.post(reverse("dossiers:annoter", args=[depose.uuid]), {"texte": "Encore"})
    assert reponse.status_code in REFUS
    assert Annotation.objects.count() == avant


def test_guichet_deplace_par_save_toutes_ses_pages_refusees_a_la_requete_suivante(
    client, bureau, guichet, territoire, depose, roles
):
    """Comme l'administration de Django (`ModelAdmin.save_model` → `save()`)."""
    guichet.departement = territoire["dz"]
    guichet.save()
    _tout_refuse(client, bureau, depose, roles)


def test_guichet_deplace_par_update_toutes_ses_pages_refusees(
    client, bureau, guichet, territoire, depose, roles
):
    Guichet.objects.filter(pk=guichet.pk).update(departement=territoire["dz"])
    _tout_refuse(client, bureau, depose, roles)


@pytest.mark.parametrize("comment", ["save", "update"])
def test_habilitation_retiree_toutes_les_pages_refusees(client, bureau, depose, roles, comment):
    habilitation = Habilitation.objects.get(user=roles["instructeur_dx"])
    if comment == "save":
        habilitation.active = False
        habilitation.save()
    else:
        Habilitation.objects.filter(pk=habilitation.pk).update(active=False)
    _tout_refuse(client, bureau, depose, roles)


def test_ecritures_de_l_administration_visibles_a_la_requete_suivante(
    client, bureau, depose, guichet, roles
):
    """Des écritures qui n'avancent pas `Dossier.modifie_le` : `update()`, `save()` d'un
    message ou d'une annotation, une collectivité ou une personne renommée."""
    page, liste = bureau["page du dossier"], bureau["liste"]
    modifie_le = Dossier.objects.get(pk=depose.pk).modifie_le

    Message.objects.filter(dossier=depose).update(corps="Devis corrigé par l'administration")
    assert "Devis corrigé par l&#x27;administration" in _lire(client, page)
    annotation = Annotation.objects.get(dossier=depose)
    annotation.texte = "Annotation corrigée"
    annotation.save()
    assert "Annotation corrigée" in _lire(client, page)
    Dossier.objects.filter(pk=depose.pk).update(titre="Titre changé par update")
    assert "Titre changé par update" in _lire(client, page)
    assert "Titre changé par update" in _lire(client, liste)

    collectivite = depose.collectivite
    collectivite.nom = "Commune Renommée"
    collectivite.save()
    assert "Commune Renommée" in _lire(client, page)
    assert "Commune Renommée" in _lire(client, liste)

    membre = roles["membre_a"]
    membre.first_name, membre.last_name = "Prénom", "Renommé"
    membre.save()
    assert "Prénom Renommé" in _lire(client, page)
    assert Dossier.objects.get(pk=depose.pk).modifie_le == modifie_le


def test_le_formulaire_de_filtres_partage_suit_les_instructeurs(
    client, bureau, guichet, territoire, roles
):
    """Le formulaire de filtres rendu est gardé par guichet et filtres envoyés : un
    instructeur habilité ou renommé (même dans l'administration) y paraît aussitôt."""
    liste = bureau["liste"]
    nouveau = UserFactory(first_name="Camille", last_name="Nouvelle")
    HabilitationFactory(user=nouveau, role=Role.INSTRUCTEUR, departement=territoire["dx"])
    assert "Camille Nouvelle" in _lire(client, liste)
    nouveau.last_name = "Renommée"
    nouveau.save()
    html = _lire(client, liste)
    assert "Camille Renommée" in html and "Camille Nouvelle" not in html
    # Les valeurs envoyées sont celles de cette requête-là.
    assert 'value="reseau"' in _lire(client, liste, q="reseau")
    assert 'value="reseau"' not in _lire(client, liste, q="portail")


def test_le_formulaire_de_filtres_ne_porte_personne(client, guichet, territoire, roles, depose):
    """Deux instructeurs du même guichet : le même formulaire de filtres, et chacun son nom
    dans l'en-tête de la page (la page n'est jamais partagée)."""
    collegue = HabilitationFactory(role=Role.INSTRUCTEUR, departement=territoire["dx"]).user
    url = reverse("dossiers:instruction", args=[guichet.slug])
    formulaires = []
    for instructeur, autre in ((roles["instructeur_dx"], collegue), (collegue, None)):
        client.force_login(instructeur)
        html = _lire(client, url)
        entete = html.split("<main")[0]
        assert instructeur.get_full_name() in entete
        if autre is not None:
            assert autre.get_full_name() not in entete
        formulaires.append(html.split('aria-label="Filtrer les dossiers">')[1].split("</form>")[0])
    assert formulaires[0] == formulaires[1]
    for intrus in ("membre_a", "instructeur_dy", "partenaire"):
        client.force_login(roles[intrus])
        assert client.get(url).status_code == 403


def test_aucune_page_connectee_ne_passe_par_le_cache(client, roles, depose, guichet):
    pages = [
        reverse("portail:mon_espace"),
        reverse("notifications:liste"),
        reverse("financement:subventions"),
        reverse("portail:accueil"),
        reverse("financement:tableau_de_bord"),
    ]
    client.force_login(roles["administrateur"])
    for url in pages:
        for _ in range(2):
            reponse = client.get(url)
            assert reponse.status_code == 200, url
            assert pages_en_cache.ENTETE not in reponse, url


def test_page_publique_gardee_pour_l_anonyme_avec_un_nonce_neuf(client):
    url = reverse("portail:accueil")
    premiere = client.get(url)
    seconde = client.get(url)
    assert premiere[pages_en_cache.ENTETE] == "miss"
    assert seconde[pages_en_cache.ENTETE] == "hit"
    html1, html2 = premiere.content.decode(), seconde.content.decode()
    nonces1, nonces2 = set(NONCE.findall(html1)), set(NONCE.findall(html2))
    assert len(nonces1) == len(nonces2) == 1, "un seul nonce par page"
    assert nonces1 != nonces2, "le nonce d'une page servie du cache est neuf"
    assert f"'nonce-{nonces2.pop()}'" in seconde["Content-Security-Policy"]
    assert pages_en_cache.MARQUE_NONCE not in html2


def test_page_publique_jamais_gardee_pour_une_personne_connectee(client, roles):
    """Une personne connectée a la page rendue pour elle (son nom dans l'en-tête), qui n'est
    ni lue ni écrite dans le cache : l'anonyme suivant n'y voit personne."""
    url = reverse("portail:accueil")
    membre = roles["membre_a"]
    client.force_login(membre)
    for _ in range(2):
        reponse = client.get(url)
        assert pages_en_cache.ENTETE not in reponse
        assert membre.get_full_name() in reponse.content.decode()
    client.logout()
    client.cookies.clear()
    anonyme = client.get(url)
    assert anonyme[pages_en_cache.ENTETE] == "miss"
    assert membre.get_full_name() not in anonyme.content.decode()


def test_une_page_publique_est_marquee_publique():
    """`page_publique` ne s'applique qu'à une vue publique : il la marque
    `login_not_required`, et les middlewares n'y lisent ni session ni personne."""
    from django.urls import resolve

    for nom in ("portail:accueil", "portail:orientation", "financement:tableau_de_bord"):
        assert resolve(reverse(nom)).func.login_required is False, nom


def test_orientation_suit_le_registre(client, territoire):
    url = reverse("portail:orientation")
    params = {"collectivite": str(territoire["a"].uuid), "type_projet": "etude"}
    client.get(url, params)
    assert client.get(url, params)[pages_en_cache.ENTETE] == "hit"
    pages_en_cache.renouveler("registre")
    assert client.get(url, params)[pages_en_cache.ENTETE] == "miss"


def test_une_page_publique_avec_un_message_n_est_ni_lue_ni_gardee(client):
    url = reverse("portail:accueil")
    client.get(url)
    client.cookies["messages"] = "quelque-chose"
    assert pages_en_cache.ENTETE not in client.get(url)
