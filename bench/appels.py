"""Banc des appels à projets nationaux : la séance du jury (500 dossiers pré-sélectionnés) et
la liste des dossiers d'un appel côté DINUM (5 000 dossiers d'appels au volume national).

Une commande, relançable (jamais lancée par les tests) :

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_appels \\
        .venv/bin/python bench/appels.py        # --duree 5 --concurrence 4 par défaut

Reprend `bench/charge.py` : la base et le volume national (`volume_national`), les sessions,
gunicorn, les mesures (médiane d'une requête seule ; p50, p95 et débit sous charge avec wrk).
Mesure le plancher (vue nue) et le plancher connecté avant et après, puis les pages que
déclare `guichet_national.volume_appels.pages_du_banc`. Écrit `--sortie`
(bench/RESULTS-appels.md par défaut).
"""

import argparse
import datetime
import os
import subprocess
import sys
import time
import urllib.error
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_appels")

from bench import charge  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duree", type=int, default=5)
    parser.add_argument("--concurrence", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--echelle", type=float, default=1.0)
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--sortie", type=Path, default=RACINE / "bench" / "RESULTS-appels.md")
    args = parser.parse_args()
    duree_volume = charge.preparer_base(args.echelle, args.reset)
    import django

    django.setup()
    from fonds.comptes.models import User
    from fonds.portail import volume
    from guichet_national.volume_appels import pages_du_banc

    agent = User.objects.filter(email__endswith=volume.DOMAINE).order_by("pk").first()
    plancher = [
        ("Plancher (vue Django nue)", charge.ADRESSE_PLANCHER, ""),
        ("Plancher connecté", "/bench/plancher-connecte", charge.session_de(agent.email)),
    ]
    pages = pages_du_banc(charge.session_de)
    base = f"http://127.0.0.1:{args.port}"
    gunicorn = subprocess.Popen(
        [
            str(Path(charge.PYTHON).parent / "gunicorn"),
            "fonds.wsgi:application",
            f"--bind=127.0.0.1:{args.port}",
            f"--workers={args.workers}",
            "--log-level=warning",
        ],
        cwd=RACINE,
    )
    mesures = []
    try:
        for _ in range(150):
            try:
                charge.verifier(base, charge.ADRESSE_PLANCHER, "")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        for nom, adresse, cookie in plancher + pages + plancher:
            taille, _ = charge.verifier(base, adresse, cookie)
            servie, _rendue = charge.temps_seuls(base, adresse, cookie)
            resultat = charge.charger(base, adresse, cookie, args.duree, args.concurrence)
            mesures.append({"page": nom, "taille": taille, "servie": servie, **resultat})
            print(f"{nom:60} seule {servie:7.1f} ms  p95 {resultat['p95']:7.1f} ms", flush=True)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    connecte = [m["servie"] for m in mesures if m["page"] == "Plancher connecté"]
    reference = sum(connecte) / len(connecte)
    lignes = [
        "# Banc des appels à projets : séance du jury et liste DINUM",
        "",
        f"Mesuré le {datetime.date.today():%d/%m/%Y} par `bench/appels.py --duree {args.duree} "
        f"--concurrence {args.concurrence} --echelle {args.echelle}` : gunicorn "
        f"({args.workers} workers) + PostgreSQL + Redis sur 127.0.0.1, 2 cœurs partagés avec "
        f"d'autres sessions. Peuplement du volume national : {duree_volume:.0f} s. Plancher "
        f"connecté (moyenne avant/après) : {reference:.1f} ms.",
        "",
        "| page | taille (ko) | médiane seule (ms) | ÷ plancher connecté | p50 charge (ms) | "
        "p95 charge (ms) | débit (req/s) | erreurs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in mesures:
        lignes.append(
            f"| {m['page']} | {m['taille'] / 1024:.0f} | {m['servie']:.1f} | "
            f"{m['servie'] / reference:.1f} | {m['p50']:.1f} | {m['p95']:.1f} | "
            f"{m['debit']:.1f} | {m['erreurs']} |"
        )
    args.sortie.write_text("\n".join(lignes) + "\n")


if __name__ == "__main__":
    main()
