"""Matrice des permissions : chaque motif d'URL × chaque rôle × GET et POST.

Les pages viennent du résolveur d'URL (`resolveur.py`), les issues attendues de la table
`pages.PAGES`. Une page absente de la table échoue avec la ligne à ajouter. Les pages de
l'administration de Django sont vérifiées par `test_administration_reservee`, plus bas.
"""

import io
import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from fonds.comptes.enums import Role
from tests.comptes.factories import HabilitationFactory

from .monde import OK, ROLES, issue
from .pages import PAGES
from .resolveur import Motif, motifs

pytestmark = pytest.mark.django_db

GROUPES_MATRICE = ("projet", "allauth", "proconnect")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
METHODES = ("GET", "POST")


def message_page_absente(motif: Motif) -> str:
    kwargs = ""
    if motif.arguments:
        valeurs = ", ".join(f'"{a}": …' for a in motif.arguments)
        kwargs = f", kwargs=lambda m: {{{valeurs}}}"
    return (
        f"La page « {motif.nom} » (/{motif.route}, vue {motif.vue}) n'est pas dans la matrice "
        "des permissions.\n"
        "Ajoutez une ligne au dictionnaire PAGES de tests/preuves/pages.py, par exemple :\n"
        f'    "{motif.nom}": Page(get=pour(("membre_a",), OK), post=connecte(METHODE){kwargs}),\n'
        "en disant pour chaque rôle ce que GET et POST doivent répondre (selon, connecte, "
        "pour, PUBLIC, CONNECTE), avec de vrais objets du monde (tests/preuves/monde.py) pour "
        "les arguments de l'URL, `etat` pour un POST qui change des données et `visible` pour "
        "une liste. Voir README.md, « Ajouter une page »."
    )


def _url(page, motif: Motif, monde) -> str:
    kwargs = page.kwargs(monde) if page.kwargs else {}
    if motif.nom.endswith("/"):  # motif sans nom : sa route, sans argument
        return "/" + motif.route
    return reverse(motif.nom, kwargs=kwargs)


def _requete(client: Client, methode: str, url: str, page, monde):
    if methode == "GET":
        return client.get(url, page.parametres_de(monde))
    donnees = page.donnees(monde) if page.donnees else {}
    return client.post(url, {**donnees, "csrfmiddlewaretoken": jeton_csrf(client)})


JETON = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def jeton_csrf(client: Client) -> str:
    """Le jeton CSRF, pris comme le ferait un navigateur : dans un formulaire d'une page (la
    déconnexion de l'en-tête pour une personne connectée, la connexion pour l'anonyme)."""
    for adresse in ("/", reverse("account_login")):
        trouve = JETON.search(client.get(adresse).content.decode())
        if trouve:
            return trouve.group(1)
    raise AssertionError("Aucune page ne donne de jeton CSRF à ce client.")


def _client(monde, role: str) -> Client:
    # Les vérifications CSRF sont actives, comme en production : un POST de la matrice porte
    # le jeton qu'un navigateur aurait lu dans la page.
    client = Client(enforce_csrf_checks=True)
    if monde.roles[role] is not None:
        client.force_login(monde.roles[role])
    return client


def lire(response) -> bytes:
    """Le corps d'une réponse. Un flux (export CSV, fichier) est lu jusqu'au bout : le client
    de test le referme alors (fichier compris) sans fermer la connexion à la base."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def contenu(response, brut: bytes) -> str:
    """Le texte d'une réponse : une page, un flux, les cellules d'un classeur XLSX."""
    if response.get("Content-Type", "").startswith(XLSX):
        from openpyxl import load_workbook

        classeur = load_workbook(io.BytesIO(brut), read_only=True)
        return "\n".join(
            str(cellule)
            for feuille in classeur.worksheets
            for ligne in feuille.iter_rows(values_only=True)
            for cellule in ligne
            if cellule is not None
        )
    return brut.decode("utf-8", errors="replace")


def _verifier_contenu(page, monde, role: str, response, brut: bytes) -> list[str]:
    if page.visible is None:
        return []
    texte = contenu(response, brut)
    ecarts = []
    for marqueur, roles_qui_voient in page.visible(monde).items():
        if role in roles_qui_voient and marqueur not in texte:
            ecarts.append(f"{role} devrait voir « {marqueur} »")
        elif role not in roles_qui_voient and marqueur in texte:
            ecarts.append(f"{role} voit « {marqueur} », qui n'est pas de son périmètre")
    return ecarts


def _cas(page, motif, monde, role: str, methode: str) -> list[str]:
    """Joue un cas dans un point de sauvegarde annulé ensuite : chaque cas part du même monde."""
    attendu = (page.get if methode == "GET" else page.post)[role]
    point = transaction.savepoint()
    try:
        avant = page.etat(monde) if page.etat and methode == "POST" else None
        url = _url(page, motif, monde)
        try:
            response = _requete(_client(monde, role), methode, url, page, monde)
        except Exception as exc:  # une erreur serveur est un écart, pas un arrêt du test
            return [f"{methode} {role} : attendu {attendu}, obtenu une exception {exc!r}"]
        obtenu = issue(response)
        brut = lire(response)
        ecarts = []
        if obtenu != attendu:
            ecarts.append(f"{methode} {role} : attendu {attendu}, obtenu {obtenu}")
        if avant is not None:
            apres = page.etat(monde)
            if obtenu == page.acceptee and apres == avant:
                ecarts.append(f"POST {role} : accepté, mais rien n'a changé")
            elif obtenu != page.acceptee and apres != avant:
                ecarts.append(f"POST {role} : refusé ({obtenu}), mais les données ont changé")
        if methode == "GET" and obtenu == OK:
            ecarts += [f"GET {e}" for e in _verifier_contenu(page, monde, role, response, brut)]
        return ecarts
    finally:
        transaction.savepoint_rollback(point)


@pytest.mark.parametrize("motif", motifs(*GROUPES_MATRICE), ids=str)
def test_matrice_permissions(motif, monde, record_property):
    if motif.groupe == "inconnu":
        pytest.fail(
            f"La vue {motif.vue} (/{motif.route}) vient d'une bibliothèque que la matrice ne "
            "connaît pas : donnez-lui un groupe dans tests/preuves/resolveur.py (_groupe)."
        )
    page = PAGES.get(motif.nom)
    if page is None:
        pytest.fail(message_page_absente(motif))
    ecarts = []
    for methode in METHODES:
        for role in ROLES:
            ecarts += _cas(page, motif, monde, role, methode)
    record_property("cas_matrice", len(METHODES) * len(ROLES))
    assert not ecarts, f"{motif.nom} (/{motif.route}) :\n  " + "\n  ".join(ecarts)


def test_la_table_ne_decrit_que_des_pages_existantes():
    existants = {m.nom for m in motifs(*GROUPES_MATRICE)}
    en_trop = sorted(set(PAGES) - existants)
    assert not en_trop, (
        f"Ces lignes de tests/preuves/pages.py ne correspondent à aucune page : {en_trop}. "
        "Retirez-les (ou corrigez leur nom : « espace:nom » tel que le donne reverse())."
    )


def test_chaque_ligne_dit_chaque_role():
    for nom, page in PAGES.items():
        for methode, issues in (("GET", page.get), ("POST", page.post)):
            assert set(issues) == set(ROLES), f"{nom} {methode} : rôles {sorted(issues)}"


# --- L'administration de Django (groupe `administration` de resolveur.py) ---
#
# Règle : toute page sous settings.ADMIN_URL renvoie vers une page de connexion (celle de
# l'administration, ou celle du portail pour les pages de modèles) chaque rôle du portail, y
# compris l'administrateur du fonds tant que son compte n'est pas « équipe » (is_staff) ;
# la connexion de l'administration renvoie l'anonyme à celle du portail et dit aux autres
# qu'ils n'ont pas accès (200) ; la déconnexion n'affiche rien.
# Un compte d'équipe (is_staff, is_superuser), lui, y entre.

PAGES_ADMIN_OUVERTES = {"admin:login", "admin:logout"}


def _url_admin(motif: Motif) -> str:
    if "(?P<url>" in motif.route:  # la page « attrape-tout » de l'administration
        return f"/{settings.ADMIN_URL}inconnue/"
    if motif.nom.endswith("/"):
        route = motif.route
        for argument in motif.arguments:
            route = route.replace(f"<path:{argument}>", "1")
        return "/" + route
    kwargs = {a: {"app_label": "comptes", "url": "inconnue/"}.get(a, "1") for a in motif.arguments}
    if motif.positionnels:
        return reverse(motif.nom, args=["1"] * motif.positionnels)
    return reverse(motif.nom, kwargs=kwargs)


def _vers_une_connexion(response) -> bool:
    if response.status_code != 302:
        return False
    return response["Location"].startswith(
        (reverse("admin:login"), reverse("account_login"), f"/{settings.ADMIN_URL}login/")
    )


@pytest.mark.parametrize("motif", motifs("administration"), ids=str)
def test_administration_reservee(motif, monde, record_property):
    url = _url_admin(motif)
    ecarts = []
    for methode in METHODES:
        for role in ROLES:
            point = transaction.savepoint()
            client = _client(monde, role)
            if methode == "GET":
                response = client.get(url)
            else:
                response = client.post(url, {"csrfmiddlewaretoken": jeton_csrf(client)})
            transaction.savepoint_rollback(point)
            if motif.nom == "admin:login":
                # La connexion de l'administration passe par celle du portail (fonds/urls.py).
                if role == "anonyme" and not _vers_une_connexion(response):
                    ecarts.append(f"{methode} anonyme : pas renvoyé vers la connexion du portail")
                elif role != "anonyme" and methode == "GET" and response.status_code != 200:
                    ecarts.append(f"GET {role} : la page « accès refusé » devrait s'afficher")
            elif motif.nom == "admin:logout":
                if response.status_code == 200:
                    ecarts.append(f"{methode} {role} : la déconnexion affiche une page")
            elif not _vers_une_connexion(response):
                ecarts.append(f"{methode} {role} : {response.status_code} au lieu d'une connexion")
    record_property("cas_administration", len(METHODES) * len(ROLES))
    assert not ecarts, f"{motif.nom} ({url}) :\n  " + "\n  ".join(ecarts)


def test_un_compte_d_equipe_entre_dans_l_administration(client):
    equipe = HabilitationFactory(role=Role.ADMINISTRATEUR).user
    equipe.is_staff = equipe.is_superuser = True
    equipe.save()
    client.force_login(equipe)
    assert client.get(reverse("admin:index")).status_code == 200
    assert issue(client.get(reverse("admin:comptes_adhesion_changelist"))) == OK


def test_la_table_d_administration_n_ecarte_rien():
    """Chaque motif du résolveur est dans un groupe vérifié : aucun n'est écarté en silence."""
    from .resolveur import tous_les_motifs

    groupes = {m.groupe for m in tous_les_motifs()}
    assert groupes <= {*GROUPES_MATRICE, "administration"}, groupes
