"""Les pages en cache (fonds/pages_en_cache.py) : servies sans rendu tant que ce qu'elles
montrent n'a pas changé, jamais à une autre personne, avec un nonce CSP et un jeton CSRF neufs
à chaque fois, et rendues à nouveau dès qu'une écriture les concerne."""

import re

import pytest
from django.urls import reverse

from fonds import pages_en_cache
from fonds.comptes.enums import Role
from fonds.comptes.services import habiliter
from fonds.dossiers import services
from fonds.notifications.services import marquer_lue, notifier
from tests.comptes.factories import AdhesionFactory, HabilitationFactory, UserFactory
from tests.dossiers.factories import DossierFactory, GuichetFactory

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _lire(client, url, **params):
    reponse = client.get(url, params)
    assert reponse.status_code == 200
    return reponse, reponse.content.decode()


def test_page_publique_servie_du_cache_avec_un_nonce_neuf(client):
    url = reverse("portail:accueil")
    premiere, html1 = _lire(client, url)
    seconde, html2 = _lire(client, url)
    assert premiere[pages_en_cache.ENTETE] == "miss"
    assert seconde[pages_en_cache.ENTETE] == "hit"
    nonces1, nonces2 = set(NONCE.findall(html1)), set(NONCE.findall(html2))
    assert len(nonces1) == len(nonces2) == 1, "un seul nonce par page"
    assert nonces1 != nonces2, "le nonce d'une page servie du cache est neuf"
    # Le nonce de la page est celui de l'en-tête CSP de cette réponse-là.
    assert f"'nonce-{nonces2.pop()}'" in seconde["Content-Security-Policy"]
    assert pages_en_cache.MARQUE_NONCE not in html2


def test_jeton_csrf_neuf_et_valide_sur_une_page_servie_du_cache(guichet, roles, depose):
    """Le formulaire d'actions groupées d'une liste servie du cache s'envoie avec un jeton
    CSRF valable pour ce navigateur (client qui contrôle le CSRF)."""
    from django.test import Client

    url = reverse("dossiers:instruction", args=[guichet.slug])
    for _ in range(2):  # deux navigateurs de la même personne : deux jetons CSRF différents
        navigateur = Client(enforce_csrf_checks=True)
        navigateur.force_login(roles["instructeur_dx"])
        _lire(navigateur, url)
        reponse, html = _lire(navigateur, url)
        assert reponse[pages_en_cache.ENTETE] == "hit"
        jetons = set(CSRF.findall(html))
        assert jetons and pages_en_cache.MARQUE_CSRF not in html
        envoi = navigateur.post(
            reverse("dossiers:instruire_selection", args=[guichet.slug]),
            {"csrfmiddlewaretoken": jetons.pop(), "dossiers": [str(depose.uuid)]},
        )
        assert envoi.status_code == 302, "jeton CSRF refusé"
    depose.refresh_from_db()
    assert depose.etat == "en_instruction"


def test_jamais_la_page_d_une_autre_personne(client, guichet, territoire, roles):
    """Deux instructeurs du même guichet : chacun voit son nom dans l'en-tête ; un membre
    de collectivité sans habilitation n'obtient pas la liste gardée pour eux."""
    DossierFactory(guichet=guichet, collectivite=territoire["a"], depose=True)
    collegue = HabilitationFactory(role=Role.INSTRUCTEUR, departement=territoire["dx"]).user
    url = reverse("dossiers:instruction", args=[guichet.slug])
    for instructeur in (roles["instructeur_dx"], collegue, roles["instructeur_dx"], collegue):
        client.force_login(instructeur)
        _reponse, html = _lire(client, url)
        autre = collegue if instructeur == roles["instructeur_dx"] else roles["instructeur_dx"]
        assert instructeur.email in html and autre.email not in html.split("<main")[0]
    for intrus in ("membre_a", "instructeur_dy", "partenaire"):
        client.force_login(roles[intrus])
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # vers la connexion


def test_un_droit_retire_change_la_page_a_la_requete_suivante(client, guichet, territoire):
    habilitation = HabilitationFactory(role=Role.INSTRUCTEUR, departement=territoire["dx"])
    client.force_login(habilitation.user)
    url = reverse("dossiers:instruction", args=[guichet.slug])
    _lire(client, url)
    assert _lire(client, url)[0][pages_en_cache.ENTETE] == "hit"
    habilitation.active = False
    habilitation.save()
    assert client.get(url).status_code == 403


def test_liste_d_instruction_rendue_a_nouveau_apres_chaque_ecriture(
    client, guichet, territoire, roles, depose, django_capture_on_commit_callbacks
):
    client.force_login(roles["instructeur_dx"])
    url = reverse("dossiers:instruction", args=[guichet.slug])
    _reponse, html = _lire(client, url)
    assert "Passer en instruction" in html and "En instruction" not in html.split("<tbody")[1]
    assert _lire(client, url)[0][pages_en_cache.ENTETE] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.passer_en_instruction(dossier=depose, par=roles["instructeur_dx"])
    reponse, html = _lire(client, url)
    assert reponse[pages_en_cache.ENTETE] == "miss"
    assert "En instruction" in html.split("<tbody")[1]

    # Un dossier de plus déposé dans le guichet, puis un nouvel instructeur habilité (proposé
    # par le filtre « Instructeur attribué »).
    DossierFactory(guichet=guichet, collectivite=territoire["a"], depose=True, titre="Nouveau")
    assert "Nouveau" in _lire(client, url)[1]
    nouveau = UserFactory(first_name="Camille", last_name="Nouvelle")
    habiliter(
        user=nouveau,
        role=Role.INSTRUCTEUR,
        departement=territoire["dx"],
        par=roles["administrateur"],
    )
    assert "Camille Nouvelle" in _lire(client, url)[1]

    # Un autre guichet qui change ne fait pas rendre celle-ci.
    _lire(client, url)
    DossierFactory(guichet=GuichetFactory(departement=territoire["dy"]), depose=True)
    assert _lire(client, url)[0][pages_en_cache.ENTETE] == "hit"


def test_filtres_et_pages_ont_chacun_leur_entree(client, guichet, territoire, roles):
    DossierFactory(guichet=guichet, collectivite=territoire["a"], depose=True, titre="Réseau")
    DossierFactory(guichet=guichet, collectivite=territoire["a"], depose=True, titre="Portail")
    client.force_login(roles["instructeur_dx"])
    url = reverse("dossiers:instruction", args=[guichet.slug])
    _lire(client, url)
    filtree, html = _lire(client, url, q="réseau")
    assert filtree[pages_en_cache.ENTETE] == "miss"
    corps = html.split("<tbody")[1]
    assert "Réseau" in corps and "Portail" not in corps


def test_une_page_avec_un_message_n_est_ni_lue_ni_gardee(client, guichet, roles, depose):
    client.force_login(roles["instructeur_dx"])
    url = reverse("dossiers:instruction", args=[guichet.slug])
    _lire(client, url)
    reponse = client.post(
        reverse("dossiers:m_attribuer_selection", args=[guichet.slug]),
        {"dossiers": [str(depose.uuid)]},
        follow=True,
    )
    html = reponse.content.decode()
    assert pages_en_cache.ENTETE not in reponse
    assert "1 dossier(s) vous sont attribués." in html
    # Le message lu, la page suivante est la liste à jour (dossier attribué), puis gardée.
    reponse, html = _lire(client, url)
    assert reponse[pages_en_cache.ENTETE] == "miss"
    assert "1 dossier(s) vous sont attribués." not in html
    assert _lire(client, url)[0][pages_en_cache.ENTETE] == "hit"


def test_notifications_rendues_a_nouveau_quand_une_arrive_ou_est_lue(
    client, django_capture_on_commit_callbacks
):
    personne = UserFactory()
    client.force_login(personne)
    url = reverse("notifications:liste")
    _lire(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notifier(
            destinataires=[personne], cle="essai", titre="Dossier reçu", texte="Bonjour"
        )
    reponse, html = _lire(client, url)
    assert reponse[pages_en_cache.ENTETE] == "miss" and "Dossier reçu" in html
    non_lue = html
    marquer_lue(notification=notification)
    assert _lire(client, url)[1] != non_lue


def test_orientation_suit_le_registre(client, territoire, django_capture_on_commit_callbacks):
    url = reverse("portail:orientation")
    params = {"collectivite": str(territoire["a"].uuid), "type_projet": "etude"}
    _lire(client, url, **params)
    assert _lire(client, url, **params)[0][pages_en_cache.ENTETE] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        pages_en_cache.renouveler("registre")
    assert _lire(client, url, **params)[0][pages_en_cache.ENTETE] == "miss"


def test_une_page_en_erreur_n_est_pas_gardee(client, roles):
    client.force_login(roles["membre_a"])
    url = reverse("financement:subventions")
    for _ in range(2):
        reponse = client.get(url)
        assert reponse.status_code == 403
        assert pages_en_cache.ENTETE not in reponse


def test_la_portee_suit_les_adhesions(territoire):
    a = AdhesionFactory(collectivite=territoire["a"]).user
    b = AdhesionFactory(collectivite=territoire["b"]).user
    assert pages_en_cache.portee(_requete(a)) != pages_en_cache.portee(_requete(b))
    avant = pages_en_cache.portee(_requete(b))
    AdhesionFactory(user=b, collectivite=territoire["a"])
    assert pages_en_cache.portee(_requete(b, oublier=True)) != avant
    assert pages_en_cache.portee(_requete(UserFactory())) != "anonyme"


def _requete(user, oublier=False):
    from django.test import RequestFactory

    from fonds.comptes import perms

    if oublier:
        perms.oublier_droits(user)
    requete = RequestFactory().get("/")
    requete.user = user
    return requete


def test_page_du_dossier_rendue_a_nouveau_apres_message_piece_annotation_analyse(
    client, depose, roles, django_capture_on_commit_callbacks, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fonds.dossiers.enums import StatutAnalyse
    from tests.dossiers.factories import PDF

    client.force_login(roles["instructeur_dx"])
    url = reverse("dossiers:dossier", args=[depose.uuid])

    def servie_du_cache() -> bool:
        return _lire(client, url)[0][pages_en_cache.ENTETE] == "hit"

    _lire(client, url)
    assert servie_du_cache()
    with django_capture_on_commit_callbacks(execute=True):
        services.envoyer_message(dossier=depose, auteur=roles["membre_a"], corps="Une question")
    assert "Une question" in _lire(client, url)[1]
    services.annoter(dossier=depose, auteur=roles["instructeur_dx"], texte="Note interne")
    assert "Note interne" in _lire(client, url)[1]
    assert servie_du_cache()

    # Une pièce jointe, puis son analyse antivirus (une mise à jour hors `save()`).
    settings.ANTIVIRUS_BACKEND = "fonds.dossiers.antivirus.FauxAntivirus"
    with django_capture_on_commit_callbacks(execute=False):
        piece = services.envoyer_message(
            dossier=depose,
            auteur=roles["membre_a"],
            corps="Le devis",
            fichiers=[SimpleUploadedFile("devis.pdf", PDF, content_type="application/pdf")],
        ).pieces.get()
    avant = _lire(client, url)[1]
    assert "devis.pdf" in avant
    assert services.analyser(piece_id=piece.pk) == StatutAnalyse.SAINE
    apres = _lire(client, url)
    assert apres[0][pages_en_cache.ENTETE] == "miss" and apres[1] != avant


def test_page_du_dossier_gardee_ne_s_ouvre_pas_a_qui_ne_la_voit_pas(client, depose, roles):
    url = reverse("dossiers:dossier", args=[depose.uuid])
    client.force_login(roles["instructeur_dx"])
    _lire(client, url)
    assert _lire(client, url)[0][pages_en_cache.ENTETE] == "hit"
    for intrus in ("membre_b", "instructeur_dy", "jure", "sans_collectivite"):
        client.force_login(roles[intrus])
        assert client.get(url).status_code == 404, intrus


def test_mon_espace_rendu_a_nouveau_apres_un_dossier_ou_une_notification(
    client, guichet, territoire, roles, depose, django_capture_on_commit_callbacks
):
    client.force_login(roles["membre_a"])
    url = reverse("portail:mon_espace")
    _lire(client, url)
    assert _lire(client, url)[0][pages_en_cache.ENTETE] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.demander_complements(
            dossier=depose, par=roles["instructeur_dx"], message="Il manque le budget."
        )
    reponse, html = _lire(client, url)
    assert reponse[pages_en_cache.ENTETE] == "miss"
    assert "Compléments demandés" in html
    # Un membre d'une autre collectivité a son propre espace, sans ce dossier.
    client.force_login(roles["membre_b"])
    assert depose.titre not in _lire(client, url)[1]


def test_une_page_servie_du_cache_fait_le_meme_petit_nombre_de_requetes(
    client, guichet, territoire, roles
):
    """Servie du cache : session, personne, droits et validateur, quel que soit le volume."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(roles["instructeur_dx"])
    url = reverse("dossiers:instruction", args=[guichet.slug])

    def requetes_servie_du_cache() -> int:
        _lire(client, url)
        with CaptureQueriesContext(connection) as requetes:
            reponse, _html = _lire(client, url)
        assert reponse[pages_en_cache.ENTETE] == "hit"
        return len(requetes)

    DossierFactory(guichet=guichet, collectivite=territoire["a"], depose=True)
    peu = requetes_servie_du_cache()
    for _ in range(30):
        DossierFactory(guichet=guichet, collectivite=territoire["a"], depose=True)
    assert requetes_servie_du_cache() == peu <= 6


def test_un_brouillon_enregistre_au_fil_de_la_frappe_ne_fait_pas_rendre_la_liste(
    client, guichet, roles, depose, dossier
):
    """La liste d'instruction ne montre que les dossiers déposés : un brouillon du même
    guichet enregistré à chaque pause de frappe laisse la liste des agents en cache."""
    client.force_login(roles["instructeur_dx"])
    url = reverse("dossiers:instruction", args=[guichet.slug])
    _lire(client, url)
    services.enregistrer_brouillon(dossier=dossier, par=roles["membre_a"], titre="Nouveau titre")
    assert _lire(client, url)[0][pages_en_cache.ENTETE] == "hit"
