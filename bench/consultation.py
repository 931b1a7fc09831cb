"""Banc de la consultation (axe 1) au volume national : la page des résultats, la liste
publique des propositions avec une recherche, la suggestion de doublons et le vote.

Une commande, relançable (jamais lancée par les tests) :

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_fonds REDIS_URL=redis://… \\
        .venv/bin/python bench/consultation.py      # --requetes 60 --duree 10 --concurrence 8

Comme `bench/charge.py` (dont il reprend la base, le volume national — 10 000 propositions,
500 besoins consolidés, 100 000 soutiens à l'échelle 1 —, les sessions, gunicorn et wrk) :
1. requêtes seules, l'une après l'autre : médiane et p95 de chaque page telle que servie (le
   tableau des résultats est un fragment partagé, rendu à nouveau après chaque vote), la
   médiane rendue avec les fragments oubliés avant chaque requête (le pire cas), et le POST du
   bulletin (une collectivité du volume change son bulletin à chaque envoi : 15 soutiens
   tirés au hasard, la réponse part quand le bulletin est validé) ;
2. sous charge : wrk (concurrence et durée fixes) sur chaque page ; pour le vote, `--concurrence`
   fils qui envoient en même temps les bulletins de collectivités différentes ;
3. les planchers du même passage (`/bench/plancher`, `/bench/plancher-connecte`), avant et
   après.
Écrit `--sortie` (bench/RESULTS-consultation.md par défaut). Tout le trafic va à 127.0.0.1.
"""

import argparse
import datetime
import os
import platform
import random
import sys
import threading
import time
import urllib.parse
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_fonds")

from bench import charge  # noqa: E402
from bench.forfaits import JETON, _centiles, _ouvrir, demarrer_gunicorn  # noqa: E402

SOUTIENS_PAR_BULLETIN = 15


def preparer(n_votants: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.urls import reverse

    from consultation.models import BesoinConsolide, Bulletin, Proposition, Tour
    from consultation.volume import SLUG, pages_du_banc
    from fonds.portail import volume

    tour = Tour.objects.get(slug=SLUG)
    pages = pages_du_banc(charge.session_de)
    bulletins = list(
        Bulletin.objects.filter(tour=tour, modifie_par__email__endswith=volume.DOMAINE)
        .exclude(collectivite__nature__in=["syndicat_mixte", "gip", "spl", "scic", "association"])
        .select_related("collectivite", "modifie_par")
        .order_by("pk")[:n_votants]
    )
    votants = [
        (str(b.collectivite.uuid), charge.session_de(b.modifie_par.email)) for b in bulletins
    ]
    groupes = [
        str(u) for u in BesoinConsolide.objects.filter(tour=tour).values_list("uuid", flat=True)
    ]
    compte = {
        "propositions": Proposition.objects.filter(tour=tour).count(),
        "groupes": len(groupes),
        "soutiens": tour.soutiens.count(),
        "bulletins": tour.bulletins.count(),
    }
    with connection.cursor() as curseur:
        curseur.execute("SELECT version()")
        version = curseur.fetchone()[0].split(",")[0]
    return {
        "pages": pages,
        "votants": votants,
        "groupes": groupes,
        "adresse_vote": reverse("consultation:bulletin", args=[SLUG]),
        "compte": compte,
        "postgresql": version,
        "cookie": votants[0][1],
    }


def _corps(collectivite: str, groupes: list[str], hasard: random.Random) -> bytes:
    choix = hasard.sample(groupes, min(SOUTIENS_PAR_BULLETIN, len(groupes)))
    return urllib.parse.urlencode(
        [("csrfmiddlewaretoken", JETON), ("collectivite", collectivite)]
        + [("groupes", g) for g in choix],
    ).encode()


def voter_seul(base, d, n: int) -> tuple[list[float], list]:
    hasard = random.Random(1)
    durees, echecs = [], []
    for i in range(n):
        collectivite, cookie = d["votants"][i % len(d["votants"])]
        corps = _corps(collectivite, d["groupes"], hasard)
        debut = time.perf_counter()
        statut, _, _ = _ouvrir(base, d["adresse_vote"], cookie, corps)
        durees.append((time.perf_counter() - debut) * 1000)
        if statut != 302:
            echecs.append(statut)
    return durees, echecs


def voter_en_charge(base, d, fils: int, par_fil: int) -> dict:
    """`fils` collectivités différentes changent leur bulletin en même temps, `par_fil` fois."""
    durees, echecs = [], []
    verrou = threading.Lock()
    depart = threading.Barrier(fils)

    def fil(k):
        hasard = random.Random(100 + k)
        collectivite, cookie = d["votants"][k % len(d["votants"])]
        depart.wait()
        for _ in range(par_fil):
            corps = _corps(collectivite, d["groupes"], hasard)
            debut = time.perf_counter()
            statut, _, _ = _ouvrir(base, d["adresse_vote"], cookie, corps)
            with verrou:
                durees.append((time.perf_counter() - debut) * 1000)
                if statut != 302:
                    echecs.append(statut)

    threads = [threading.Thread(target=fil, args=(k,)) for k in range(fils)]
    debut = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duree = time.perf_counter() - debut
    return {"durees": durees, "echecs": echecs, "debit": len(durees) / duree}


def page_seule(base, adresse, cookie, n: int) -> list[float]:
    durees = []
    for _ in range(n):
        debut = time.perf_counter()
        charge.verifier(base, adresse, cookie)
        durees.append((time.perf_counter() - debut) * 1000)
    return durees


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requetes", type=int, default=60, help="requêtes seules par mesure")
    parser.add_argument("--duree", type=int, default=10, help="secondes de charge par page")
    parser.add_argument("--concurrence", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--echelle", type=float, default=1.0, help="du volume national (1)")
    parser.add_argument("--reset", action="store_true", help="recréer le volume national")
    parser.add_argument("--sortie", type=Path, default=RACINE / "bench" / "RESULTS-consultation.md")
    args = parser.parse_args()

    duree_volume = charge.preparer_base(args.echelle, args.reset)
    d = preparer(max(args.requetes, args.concurrence))
    base = f"http://127.0.0.1:{args.port}"
    gunicorn = demarrer_gunicorn(args.port, args.workers, args.threads)
    mesures = []
    try:
        plancher = page_seule(base, charge.ADRESSE_PLANCHER, "", args.requetes)
        plancher_c = page_seule(base, charge.ADRESSE_PLANCHER_CONNECTE, d["cookie"], args.requetes)
        for libelle, adresse, cookie in d["pages"]:
            page_seule(base, adresse, cookie, 3)  # échauffement
            seules = page_seule(base, adresse, cookie, args.requetes)
            _servie, rendue = charge.temps_seuls(base, adresse, cookie)
            charge_ = charge.charger(base, adresse, cookie, args.duree, args.concurrence)
            mesures.append(
                {"libelle": libelle, "seules": seules, "rendue": rendue, "charge": charge_}
            )
        vote_seul, echecs = voter_seul(base, d, args.requetes)
        vote_charge = voter_en_charge(base, d, args.concurrence, max(5, args.requetes // 4))
        plancher += page_seule(base, charge.ADRESSE_PLANCHER, "", args.requetes)
        plancher_c += page_seule(base, charge.ADRESSE_PLANCHER_CONNECTE, d["cookie"], args.requetes)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    ecrire(args, d, duree_volume, plancher, plancher_c, mesures, vote_seul, echecs, vote_charge)


def ecrire(args, d, duree_volume, plancher, plancher_c, mesures, vote_seul, echecs, vote_charge):
    p_med, _ = _centiles(plancher)
    pc_med, _ = _centiles(plancher_c)
    v_med, v_p95 = _centiles(vote_seul)
    vc_med, vc_p95 = _centiles(vote_charge["durees"])
    c = d["compte"]
    lignes = [
        "# Banc de la consultation (axe 1) au volume national",
        "",
        f"Mesuré le {datetime.date.today():%d/%m/%Y} par `bench/consultation.py --requetes "
        f"{args.requetes} --duree {args.duree} --concurrence {args.concurrence}"
        f"{'' if args.echelle == 1 else f' --echelle {args.echelle}'}` : gunicorn "
        f"({args.workers} workers × {args.threads} fils) + {d['postgresql']} + Redis sur "
        f"127.0.0.1, {os.cpu_count()} cœurs partagés avec d'autres sessions, Python "
        f"{platform.python_version()}. Volume du tour : {c['propositions']} propositions, "
        f"{c['groupes']} besoins consolidés, {c['soutiens']} soutiens, {c['bulletins']} "
        f"bulletins (peuplement du volume national : {duree_volume:.0f} s).",
        "",
        f"Planchers du même passage ({len(plancher)} requêtes chacun, avant et après) : "
        f"plancher nu {p_med:.1f} ms, plancher connecté {pc_med:.1f} ms (médianes).",
        "",
        "| mesure | médiane seule (ms) | p95 seule (ms) | médiane / plancher connecté | "
        "médiane rendue, fragments oubliés (ms) | "
        f"p95 sous charge (ms, {args.concurrence} en parallèle) | débit (req/s) | erreurs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in mesures:
        med, p95 = _centiles(m["seules"])
        ch = m["charge"]
        lignes.append(
            f"| {m['libelle']} | {med:.1f} | {p95:.1f} | {med / pc_med:.1f} | "
            f"{m['rendue']:.1f} | {ch['p95']:.1f} | {ch['debit']:.0f} | {ch['erreurs']} |"
        )
    lignes.append(
        f"| Consultation : POST du bulletin ({SOUTIENS_PAR_BULLETIN} soutiens, membre) | "
        f"{v_med:.1f} | {v_p95:.1f} | {v_med / pc_med:.1f} | — | {vc_p95:.1f} | "
        f"{vote_charge['debit']:.0f} | {len(echecs) + len(vote_charge['echecs'])} |"
    )
    lignes += [
        "",
        f"Vote sous charge : {args.concurrence} collectivités changent leur bulletin en même "
        f"temps, {len(vote_charge['durees'])} envois (médiane {vc_med:.1f} ms).",
        "",
    ]
    args.sortie.write_text("\n".join(lignes))
    print("\n".join(lignes))
    print(f"Résultats écrits dans {args.sortie}")


if __name__ == "__main__":
    main()
