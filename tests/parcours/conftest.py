"""Les parcours : le portail conduit dans un vrai Chromium (Playwright) contre le vrai serveur.

Chaque parcours appelle `verifier_accessibilite(page, nom)` après chaque navigation : axe-core
contrôle la page (échec sur tout manquement d'impact « serious » ou « critical ») et une
capture d'écran est rangée sous test-artifacts/parcours/<test>/.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

# L'API synchrone de Playwright fait tourner une boucle asyncio dans le fil du test ; Django
# croit alors être appelé depuis du code asynchrone et refuse l'ORM (SynchronousOnlyOperation)
# alors que nos appels à l'ORM restent bien synchrones et dans ce seul fil. Le serveur
# (live_server) tourne dans un autre fil, sans boucle : lui n'est pas concerné.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

#: PARCOURS_CHROMIUM désigne un autre binaire (ou un chemin absent, pour vérifier l'abandon).
CHROMIUM = os.environ.get("PARCOURS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGUMENTS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "parcours"
#: Les impacts qui font échouer un parcours (axe-core : minor, moderate, serious, critical).
IMPACTS_BLOQUANTS = {"serious", "critical"}
#: Les règles jouées : WCAG 2.1 A et AA (la base du RGAA 4.1) et les bonnes pratiques d'axe.
REGLES_AXE = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture(autouse=True)
def _taches_immediates():
    """Le serveur d'un parcours exécute ses tâches tout de suite, avec le courtier des
    réglages : un test précédent du même processus (courtier en panne) ne doit pas laisser
    une mise en file attendre un courtier mort pendant qu'une page se charge."""
    from fonds.celery import app

    app.conf.update(task_always_eager=True, broker_url=settings.CELERY_BROKER_URL)
    app.conf.broker_transport_options = {}
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(scope="session")
def navigateur():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Parcours ignorés : pas de Chromium sur cette machine "
            "(apt-get install chromium ; .ci/run l'installe)."
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(
            executable_path=CHROMIUM, args=ARGUMENTS_CHROMIUM, headless=True
        )
        yield navigateur
        navigateur.close()


@pytest.fixture
def contexte(navigateur, live_server):
    contexte = navigateur.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    contexte.set_default_timeout(10_000)
    yield contexte
    contexte.close()


@pytest.fixture
def page(contexte):
    return contexte.new_page()


@pytest.fixture
def connecter(live_server):
    """Ouvre une session pour `user` dans un contexte de navigateur (sans repasser par le
    formulaire de connexion, que le parcours d'inscription éprouve)."""

    def connecter(contexte, user):
        client = Client()
        client.force_login(user)
        contexte.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )

    return connecter


class Verificateur:
    """axe-core sur la page courante, puis une capture d'écran numérotée."""

    def __init__(self, nom_test: str):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.dossier = ARTEFACTS / re.sub(r"[^\w-]+", "-", nom_test).strip("-")
        shutil.rmtree(self.dossier, ignore_errors=True)
        self.dossier.mkdir(parents=True)
        self.pages = []

    def __call__(self, page, nom: str):
        page.wait_for_load_state("load")
        resultats = self.axe.run(page, options=REGLES_AXE).response
        bloquants = [v for v in resultats["violations"] if v["impact"] in IMPACTS_BLOQUANTS]
        numero = len(self.pages) + 1
        fichier = re.sub(r"[^\w-]+", "-", nom).strip("-").lower()
        page.screenshot(path=self.dossier / f"{numero:02d}-{fichier}.png", full_page=True)
        self.pages.append(
            {
                "nom": nom,
                "adresse": re.sub(r"^https?://[^/]+", "", page.url),
                "violations": [
                    {"regle": v["id"], "impact": v["impact"], "noeuds": len(v["nodes"])}
                    for v in resultats["violations"]
                ],
            }
        )
        (self.dossier / "axe.json").write_text(
            json.dumps(self.pages, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        if bloquants:
            pytest.fail(rapport(nom, page.url, bloquants), pytrace=False)


def rapport(nom: str, adresse: str, violations: list[dict]) -> str:
    lignes = [f"axe-core : {len(violations)} manquement(s) bloquant(s) sur « {nom} » ({adresse})"]
    for violation in violations:
        lignes.append(
            f"- [{violation['impact']}] {violation['id']} : {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for noeud in violation["nodes"][:5]:
            lignes.append(f"    {', '.join(map(str, noeud['target']))}")
            lignes.append(f"      {noeud['html'][:200]}")
            resume = (noeud.get("failureSummary") or "").replace("\n", " ")
            lignes.append(f"      {resume[:300]}")
        if len(violation["nodes"]) > 5:
            lignes.append(f"    … et {len(violation['nodes']) - 5} autre(s) élément(s)")
    return "\n".join(lignes)


@pytest.fixture
def verifier_accessibilite(request, navigateur):
    """`verifier_accessibilite(page, nom)` : à appeler après chaque navigation."""
    return Verificateur(request.node.name)
