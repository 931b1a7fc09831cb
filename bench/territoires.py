"""Banc de l'axe 3 : la liste d'un guichet territorial et la vue régionale au volume national,
face aux planchers du même passage.

Une commande, relançable (jamais lancée par les tests) :

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_territoires \\
        .venv/bin/python bench/territoires.py --echelle 0.6   # ≈ 10 000 dossiers de l'axe 3

Il reprend `bench/charge.py` (base, volume national, sessions, gunicorn, wrk) mais ne mesure
que les planchers (`/bench/plancher`, `/bench/plancher-connecte`) et les pages que
`guichets_territoriaux` déclare au banc (`pages_du_banc`) : médiane d'une requête seule, puis
p50 / p95 sous charge. Écrit `--sortie` (bench/RESULTS-territoires.md par défaut).
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
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_territoires")

from bench import charge  # noqa: E402


def mesurer(base, nom, adresse, cookie, duree, concurrence) -> dict:
    taille, _ = charge.verifier(base, adresse, cookie)
    servie, _rendue = charge.temps_seuls(base, adresse, cookie)
    for _ in range(3):
        charge.verifier(base, adresse, cookie)
    resultat = charge.charger(base, adresse, cookie, duree, concurrence)
    print(
        f"{nom:70} seule {servie:6.1f} ms  p50 {resultat['p50']:7.1f}  p95 "
        f"{resultat['p95']:7.1f} ms  {resultat['debit']:6.1f} req/s  erreurs "
        f"{resultat['erreurs']}",
        flush=True,
    )
    return {"page": nom, "adresse": adresse, "taille": taille, "seule": servie, **resultat}


def garnir(cible: int) -> None:
    """Porte le plus gros guichet territorial du volume à `cible` dossiers, en recopiant les
    siens (nouvel uuid, mêmes collectivités et comptes du volume : l'effacement du volume les
    emporte). Le volume national répartit l'axe 3 sur tous les départements : aucun guichet
    n'y atteint 10 000 dossiers, que la liste d'un guichet doit tenir."""
    import uuid

    from django.db.models import Count

    from fonds.dossiers.models import Dossier, Guichet
    from guichets_territoriaux.services.guichets import CODE_TERRITORIAL
    from guichets_territoriaux.volume import PREFIXE

    guichet = (  # celui que mesure `pages_du_banc`
        Guichet.objects.filter(type=CODE_TERRITORIAL, slug__startswith=PREFIXE)
        .annotate(n=Count("dossiers"))
        .order_by("-n")
        .first()
    )
    if guichet is None or guichet.n >= cible:
        return
    modeles = list(Dossier.objects.filter(guichet=guichet))
    copies = []
    for i in range(cible - guichet.n):
        copie = Dossier(
            **{
                f.attname: getattr(modeles[i % len(modeles)], f.attname)
                for f in Dossier._meta.concrete_fields
                if not f.primary_key
            }
        )
        copie.uuid = uuid.uuid4()
        copies.append(copie)
    Dossier.objects.bulk_create(copies, batch_size=1000)
    print(f"Guichet « {guichet.nom} » porté à {cible} dossiers.", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duree", type=int, default=5)
    parser.add_argument("--concurrence", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8777)
    parser.add_argument("--echelle", type=float, default=0.6)
    parser.add_argument("--reset", action="store_true")
    parser.add_argument(
        "--garnir", type=int, default=10_000, help="dossiers du guichet mesuré (10 000)"
    )
    parser.add_argument("--sortie", type=Path, default=RACINE / "bench" / "RESULTS-territoires.md")
    args = parser.parse_args()
    duree_volume = charge.preparer_base(args.echelle, args.reset)

    import django

    django.setup()
    from fonds.comptes.models import User
    from fonds.dossiers.models import Dossier
    from fonds.portail import volume
    from guichets_territoriaux.services.guichets import CODE_TERRITORIAL
    from guichets_territoriaux.volume import pages_du_banc

    garnir(args.garnir)
    admin = charge.session_de(f"administrateur{volume.DOMAINE}")
    pages = [
        ("Plancher (vue Django nue)", charge.ADRESSE_PLANCHER, ""),
        ("Plancher connecté (administrateur)", charge.ADRESSE_PLANCHER_CONNECTE, admin),
        *pages_du_banc(charge.session_de),
    ]
    total = Dossier.objects.filter(guichet__type=CODE_TERRITORIAL).count()
    _ = User
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
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    try:
        for _ in range(150):
            try:
                charge.verifier(base, charge.ADRESSE_PLANCHER, "")
                break
            except (urllib.error.URLError, ConnectionError):
                if gunicorn.poll() is not None:
                    raise SystemExit("gunicorn s'est arrêté.") from None
                time.sleep(0.2)
        mesures = [
            mesurer(base, nom, adresse, cookie, args.duree, args.concurrence)
            for nom, adresse, cookie in pages
        ]
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    lignes = [
        "# Banc de l'axe 3 — guichets territoriaux",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC ; volume à l'échelle "
        f"{args.echelle} ({total} dossiers de l'axe 3, peuplé en {duree_volume:.0f} s) ; "
        f"gunicorn {args.workers} workers ; wrk {args.concurrence} connexions, {args.duree} s "
        "par page ; machine partagée (2 cœurs, d'autres sessions au travail).",
        "",
        "| page | seule (médiane, ms) | p50 sous charge (ms) | p95 sous charge (ms) | req/s "
        "| erreurs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in mesures:
        lignes.append(
            f"| {m['page']} | {m['seule']:.1f} | {m['p50']:.1f} | {m['p95']:.1f} | "
            f"{m['debit']:.1f} | {m['erreurs']} |"
        )
    args.sortie.write_text("\n".join(lignes) + "\n")
    print(args.sortie.read_text())


if __name__ == "__main__":
    main()
