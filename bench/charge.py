"""Banc de charge : chaque page principale du portail, au volume national, face au plancher.

Une commande, relançable (jamais lancée par les tests) :

    .venv/bin/python bench/charge.py            # --duree 10 --concurrence 8 par défaut

Il faut PostgreSQL et Redis sur 127.0.0.1 (DATABASE_URL, REDIS_URL pour d'autres adresses) et
`wrk` (`apt-get install -y wrk`). Le banc :
1. crée au besoin la base `bench_fonds`, la migre, y pose le volume national
   (`volume_national`, une seule fois ; `--reset` le recrée) et collecte les fichiers statiques ;
2. lance gunicorn sur 127.0.0.1 avec `bench.settings` (réglages de production, en HTTP) ;
3. ouvre une session par rôle (SessionStore de Django, cookie réutilisé) ;
4. mesure chaque page en requêtes seules (telle que servie : une page connectée est toujours
   rendue, aucune n'est gardée en cache ; puis avec les fragments partagés et les pages
   publiques oubliés), puis la charge avec wrk (concurrence et durée fixes) ; la vue plancher
   `/bench/plancher` (une vue Django nue, même pile) avant et après, et le plancher connecté
   `/bench/plancher-connecte` (session, personne et droits relus, rien d'autre) ;
5. écrit `bench/RESULTS.md` : médianes seules, p95 sous charge, débit et rapports aux cibles
   (plancher connecté ≤ 2 × plancher ; page connectée ≤ 10 × plancher connecté ; p95 sous
   charge ≤ 3 × la médiane seule), la machine.

Tout le trafic va à 127.0.0.1 et s'arrête au bout de la durée donnée.
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_fonds")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
PYTHON = sys.executable
#: Cibles : plancher connecté / plancher nu ; page connectée / plancher connecté (médianes de
#: requêtes seules) ; p95 sous charge / médiane seule de la même page.
CIBLE_CONNECTE = 2
CIBLE_PAGE = 10
CIBLE_CHARGE = 3
ADRESSE_PLANCHER = "/bench/plancher"
ADRESSE_PLANCHER_CONNECTE = "/bench/plancher-connecte"
#: Requêtes seules (l'une après l'autre) pour les temps de service en cache et rendus.
REQUETES_SEULES = 15


def _manage(*args):
    subprocess.run([PYTHON, str(RACINE / "manage.py"), *args], check=True, cwd=RACINE)


def preparer_base(echelle: float, reset: bool) -> float:
    """Crée la base si besoin, migre, pose le volume national ; rend la durée du peuplement."""
    import psycopg
    from psycopg import sql

    url = os.environ["DATABASE_URL"]
    nom = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as cnx:
        if not cnx.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nom]).fetchone():
            cnx.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nom)))
    _manage("migrate", "--no-input", "-v0")
    debut = time.perf_counter()
    _manage("volume_national", f"--echelle={echelle}", *(["--reset"] if reset else []))
    duree = time.perf_counter() - debut
    _manage("collectstatic", "--no-input", "-v0")
    return duree


def session_de(email: str) -> str:
    """Le cookie d'une session ouverte pour la personne `email` (SessionStore de Django)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from fonds.comptes import double_facteur
    from fonds.comptes.models import User

    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "fonds.comptes.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # Un agent de l'argent en production a passé son second facteur (TOTP) : sa session
    # le porte, comme après la vérification du middleware.
    session[double_facteur.CLE_SESSION] = True
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def sessions_et_pages() -> list[tuple[str, str, str]]:
    """(page, adresse, cookie) de chaque page mesurée, avec une session par rôle."""
    import django

    django.setup()
    from django.db.models import Count
    from django.urls import reverse

    from fonds import contributions
    from fonds.collectivites.models import Collectivite
    from fonds.comptes.models import User
    from fonds.dossiers.models import Dossier, Guichet
    from fonds.portail import volume

    cookie = session_de
    # Le plus gros guichet territorial, son instructeur, son dossier le plus bavard.
    guichet = (
        Guichet.objects.filter(slug__startswith=f"{volume.PREFIXE_GUICHET}axe3-")
        .annotate(n=Count("dossiers"))
        .order_by("-n")
        .first()
    )
    instructeur = cookie(f"prefecture-{guichet.departement.code.lower()}{volume.DOMAINE}")
    dossier = (
        Dossier.objects.instruits_par(User.objects.get(email=f"administrateur{volume.DOMAINE}"))
        .filter(guichet=guichet)
        .annotate(n=Count("messages"))
        .order_by("-n", "pk")
        .first()
    )
    # Le membre qui a le plus de dossiers (Mon espace le plus rempli).
    membre = (
        User.objects.filter(email__startswith="membre-", email__endswith=volume.DOMAINE)
        .annotate(n=Count("dossiers_crees"))
        .order_by("-n", "pk")
        .first()
    )
    commune = Collectivite.objects.filter(nature="commune", dossiers__isnull=False).first()
    admin = cookie(f"administrateur{volume.DOMAINE}")
    return [
        ("Plancher connecté (instructeur)", ADRESSE_PLANCHER_CONNECTE, instructeur),
        ("Accueil", reverse("portail:accueil"), ""),
        (
            "Orientation (résultat)",
            f"{reverse('portail:orientation')}?collectivite={commune.uuid}&type_projet=demarches",
            "",
        ),
        ("Tableau de bord public", reverse("financement:tableau_de_bord"), ""),
        ("Données ouvertes JSON", reverse("financement:donnees_ouvertes_json"), ""),
        (
            f"Liste d'instruction ({guichet.n} dossiers)",
            reverse("dossiers:instruction", kwargs={"slug": guichet.slug}),
            instructeur,
        ),
        (
            "Liste d'instruction filtrée et triée",
            reverse("dossiers:instruction", kwargs={"slug": guichet.slug})
            + "?etat=depose&tri=-montant",
            instructeur,
        ),
        ("Page d'un dossier (instructeur)", f"/dossiers/{dossier.uuid}/", instructeur),
        ("Liste des subventions (administrateur)", reverse("financement:subventions"), admin),
        ("Mon espace (membre)", reverse("portail:mon_espace"), cookie(membre.email)),
        ("Notifications (instructeur)", reverse("notifications:liste"), instructeur),
        # Les pages des axes (`pages_du_banc` de leur AppConfig, fonds/contributions.py).
        *contributions.pages_du_banc(cookie),
    ]


class SansRedirection(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def verifier(base: str, adresse: str, cookie: str) -> tuple[int, str]:
    """La page répond 200 (pas une redirection vers la connexion) ; rend sa taille et ce que
    dit l'en-tête du cache des pages (hit, miss, ou rien pour une page hors cache)."""
    from fonds.pages_en_cache import ENTETE

    ouvreur = urllib.request.build_opener(SansRedirection)
    requete = urllib.request.Request(base + adresse, headers={"Cookie": cookie})
    try:
        with ouvreur.open(requete, timeout=30) as reponse:
            return len(reponse.read()), reponse.headers.get(ENTETE, "")
    except urllib.error.HTTPError as exc:
        raise SystemExit(f"{adresse} répond {exc.code} : le banc s'arrête.") from exc


def temps_seuls(base: str, adresse: str, cookie: str) -> tuple[float, float]:
    """Médianes (ms) d'une requête seule, sans charge : telle que servie (une page connectée
    est toujours rendue ; une page publique anonyme peut venir du cache), puis avec les pages
    publiques et les fragments partagés oubliés avant chaque requête (le pire cas)."""
    from fonds import pages_en_cache

    def mediane(avant) -> float:
        durees = []
        for _ in range(REQUETES_SEULES):
            avant()
            debut = time.perf_counter()
            verifier(base, adresse, cookie)
            durees.append((time.perf_counter() - debut) * 1000)
        return statistics.median(durees)

    servie = mediane(lambda: None)
    rendue = mediane(pages_en_cache.tout_renouveler)
    return servie, rendue


def charger(base: str, adresse: str, cookie: str, duree: int, concurrence: int) -> dict:
    sortie = subprocess.run(
        [
            "wrk",
            f"-t{min(2, concurrence)}",
            f"-c{concurrence}",
            f"-d{duree}s",
            "--timeout=10s",
            "-s",
            str(RACINE / "bench" / "wrk.lua"),
            base + adresse,
        ],
        env={**os.environ, "BENCH_COOKIE": cookie},
        capture_output=True,
        text=True,
        check=True,
        timeout=duree + 30,
    ).stdout
    requetes, duree_us, p50, p95, p99, statut, erreurs = map(
        int, re.search(r"RESULTAT (.*)", sortie).group(1).split()
    )
    return {
        "requetes": requetes,
        "debit": requetes / (duree_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "erreurs": statut + erreurs,
    }


def machine() -> dict:
    modele = "?"
    for ligne in Path("/proc/cpuinfo").read_text().splitlines():
        if ligne.startswith("model name"):
            modele = ligne.split(":", 1)[1].strip()
            break
    memoire = next(
        int(ligne.split()[1]) // 1024
        for ligne in Path("/proc/meminfo").read_text().splitlines()
        if ligne.startswith("MemTotal")
    )
    pg = (
        subprocess.run(
            [
                PYTHON,
                str(RACINE / "manage.py"),
                "shell",
                "-v0",
                "-c",
                "from django.db import connection; c = connection.cursor(); "
                "c.execute('SHOW server_version'); print(c.fetchone()[0])",
            ],
            capture_output=True,
            text=True,
            cwd=RACINE,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[1]
    return {
        "nproc": os.cpu_count(),
        "memoire": f"{memoire / 1024:.1f} Gio",
        "cpu": modele,
        "postgresql": pg,
        "python": platform.python_version(),
        "noyau": platform.release(),
        "wrk": wrk,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duree", type=int, default=10, help="secondes par page (10)")
    parser.add_argument("--concurrence", type=int, default=8, help="connexions (8)")
    parser.add_argument("--workers", type=int, default=2, help="workers gunicorn (2)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--echelle", type=float, default=1.0, help="du volume national (1)")
    parser.add_argument("--reset", action="store_true", help="recréer le volume national")
    parser.add_argument("--sortie", type=Path, default=RACINE / "bench" / "RESULTS.md")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk est introuvable : apt-get install -y wrk")

    duree_volume = preparer_base(args.echelle, args.reset)
    pages = sessions_et_pages()
    base = f"http://127.0.0.1:{args.port}"
    gunicorn = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "fonds.wsgi:application",
            f"--bind=127.0.0.1:{args.port}",
            f"--workers={args.workers}",
            "--log-level=warning",
        ],
        cwd=RACINE,
    )
    try:
        for _ in range(150):
            try:
                verifier(base, ADRESSE_PLANCHER, "")
                break
            except (urllib.error.URLError, ConnectionError):
                if gunicorn.poll() is not None:
                    raise SystemExit("gunicorn s'est arrêté.") from None
                time.sleep(0.2)
        mesures = []
        plancher = [("Plancher (vue Django nue)", ADRESSE_PLANCHER, "")]
        for nom, adresse, cookie in plancher + pages + plancher:
            taille, _ = verifier(base, adresse, cookie)
            servie, rendue = temps_seuls(base, adresse, cookie)
            for _ in range(3):  # échauffement : connexions, caches, requêtes préparées
                _, cache = verifier(base, adresse, cookie)
            if cookie and cache:
                raise SystemExit(f"{adresse} : page connectée servie du cache ({cache}).")
            resultat = charger(base, adresse, cookie, args.duree, args.concurrence)
            mesures.append(
                {
                    "page": nom,
                    "adresse": adresse,
                    "connectee": bool(cookie),
                    "taille": taille,
                    "cache": cache,
                    "servie": servie,
                    "rendue": rendue,
                    **resultat,
                }
            )
            print(
                f"{nom:45} seule {servie:5.1f} / fragments oubliés {rendue:5.1f} ms  "
                f"p50 {resultat['p50']:7.1f} ms  p95 {resultat['p95']:7.1f} ms  "
                f"{resultat['debit']:6.1f} req/s  cache {cache or '-'}  "
                f"erreurs {resultat['erreurs']}",
                flush=True,
            )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    ecrire(args, mesures, duree_volume)


def _rapport(valeur: float, reference: float, cible: float) -> str:
    rapport = valeur / reference
    return f"{rapport:.1f}" + ("" if rapport <= cible else " ✗")


def ecrire(args, mesures: list[dict], duree_volume: float) -> None:
    planchers = [m for m in mesures if m["adresse"] == ADRESSE_PLANCHER]
    # Le plancher de référence est le passage le plus calme (le plus bas) : sur une machine
    # partagée, une rafale d'une autre session ne doit pas flatter les rapports.
    # Les deux colonnes d'un plancher mesurent la même requête (il n'a rien en cache).
    plancher = min(min(m["servie"], m["rendue"]) for m in planchers)
    connecte = next(m for m in mesures if m["adresse"] == ADRESSE_PLANCHER_CONNECTE)
    connecte["servie"] = min(connecte["servie"], connecte["rendue"])
    m = machine()
    lignes = [
        "# Banc de charge : les pages principales face aux planchers",
        "",
        f"Mesuré le {datetime.date.today():%d/%m/%Y} par `bench/charge.py` (commande "
        "ci-dessous), au volume national (`volume_national`"
        f"{'' if args.echelle == 1 else f' --echelle {args.echelle}'}), "
        f"gunicorn ({args.workers} workers) + PostgreSQL + Redis sur 127.0.0.1, "
        f"wrk à {args.concurrence} connexions pendant {args.duree} s par page.",
        "",
        "    .venv/bin/python bench/charge.py",
        "",
        f"Machine : {m['nproc']} cœurs ({m['cpu']}), {m['memoire']} de mémoire, "
        f"PostgreSQL {m['postgresql']}, Python {m['python']}, noyau {m['noyau']}, "
        f"wrk {m['wrk']}. **Machine partagée** avec d'autres sessions de travail : wrk, "
        "gunicorn et PostgreSQL se disputent les deux mêmes cœurs ; les valeurs absolues sont "
        "bruitées, et le plancher lui-même varie d'un passage à l'autre.",
        "",
        f"Peuplement du volume national : {duree_volume:.0f} s"
        + (" (effacement du précédent compris, --reset)" if args.reset else "")
        + " ; 0 s quand il était déjà là.",
        "",
        f"Aucune page connectée n'est servie d'un cache de pages : chacune est rendue, contrôles "
        f"d'accès compris. Plancher (vue Django nue, le plus bas des quatre séries) : médiane "
        f"seule {plancher:.2f} ms ; plancher connecté (session, personne et droits relus) : "
        f"{connecte['servie']:.2f} ms, soit "
        f"{_rapport(connecte['servie'], plancher, CIBLE_CONNECTE)} × le plancher (cible ≤ "
        f"{CIBLE_CONNECTE}).",
        "",
        f"Colonnes : *seule* et *seule, fragments oubliés* sont les médianes de "
        f"{REQUETES_SEULES} requêtes seules, sans charge (la seconde oublie avant chaque requête "
        "les pages publiques et les fragments partagés gardés : le pire cas) ; *p95*, *p99* et "
        f"le débit viennent de wrk ({args.concurrence} connexions). Cibles : page connectée ≤ "
        f"{CIBLE_PAGE} × le plancher connecté (médianes seules) ; p95 sous charge ≤ "
        f"{CIBLE_CHARGE} × la médiane seule de la page.",
        "",
        "| page | seule (ms) | seule, fragments oubliés (ms) | / plancher connecté "
        "| médiane sous charge (ms) | p95 (ms) | p99 (ms) | p95 / seule | débit (req/s) "
        "| taille (octets) | erreurs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for x in mesures:
        par_connecte = (
            _rapport(x["servie"], connecte["servie"], CIBLE_PAGE)
            if x["connectee"] and x is not connecte
            else ""
        )
        lignes.append(
            f"| {x['page']} | {x['servie']:.1f} | {x['rendue']:.1f} | {par_connecte} | "
            f"{x['p50']:.1f} | {x['p95']:.1f} | {x['p99']:.1f} | "
            f"{_rapport(x['p95'], x['servie'], CIBLE_CHARGE)} | {x['debit']:.1f} | "
            f"{x['taille']} | {x['erreurs']} |"
        )
    lignes.append("")
    texte = "\n".join(lignes)
    notes = args.sortie.with_name("RESULTS-notes.md")
    if notes.exists():
        texte += "\n" + notes.read_text()
    args.sortie.write_text(texte)
    print(f"Résultats écrits dans {args.sortie}")


if __name__ == "__main__":
    main()
