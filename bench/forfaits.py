"""Banc du guichet à forfait : de la soumission à la décision, et une rafale de demandes.

Une commande, relançable (jamais lancée par les tests) :

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_fonds \\
        .venv/bin/python bench/forfaits.py          # --requetes 1000 --rafale 200 par défaut

Comme `bench/charge.py` (dont il reprend la base, le volume national, les sessions et gunicorn) :
PostgreSQL et Redis sur 127.0.0.1. Chaque passage pose ses propres guichets, enveloppes,
collectivités et membres (marqués du numéro du passage), puis, par HTTP contre gunicorn :
1. la décision : `--requetes` demandes l'une après l'autre (deux par collectivité, un
   FranceConnect puis une API), chacune accordée dans la requête ; médiane et p95 du POST
   (la décision est prise et validée quand la réponse part), puis du POST suivi de la page de
   la décision ; face au plancher connecté (`/bench/plancher-connecte`) du même passage ;
2. le PDF à part : la convention (ce que fait la tâche mise en file) et la lettre de décision ;
3. la rafale : `--rafale` demandes lancées en même temps (vrais fils, gunicorn à plusieurs
   fils) par des collectivités qui demandent chacune deux fois chaque sorte, sur une enveloppe
   qui n'a la place que de `--place` forfaits : comptes exacts, aucune erreur, aucun
   interblocage (compteur `deadlocks` de PostgreSQL).
Écrit le résultat dans `--sortie` (bench/RESULTS-forfaits.md par défaut).
"""

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_fonds")

from bench import charge  # noqa: E402

JETON = "bancforfaitsbancforfaitsbancforf"  # le secret CSRF du banc (32 caractères)
PLANCHER = 50  # requêtes du plancher connecté, avant et après la mesure


def peupler(tag: str, requetes: int, rafale: int, place: int) -> dict:
    """Deux guichets à forfait du passage (la mesure, la rafale), leurs collectivités et un
    membre vérifié pour chacune ; rend les cookies et adresses utiles."""
    import django

    django.setup()
    from fonds.collectivites.models import Collectivite, Departement
    from fonds.comptes.enums import StatutAdhesion
    from fonds.comptes.models import Adhesion, User
    from fonds.financement import services as argent
    from fonds.financement.enums import Axe, NatureEnveloppe
    from fonds.financement.models import Enveloppe
    from fonds.portail import volume
    from guichet_national.models import ApiNationale
    from guichet_national.services.forfaits_guichet import FORFAIT, ouvrir_guichet_forfait

    admin = User.objects.get(email=f"administrateur{volume.DOMAINE}")
    axe_2 = Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_2)
    besoin = FORFAIT * (requetes + place)
    if axe_2.disponible < besoin:
        # Le volume national a tout engagé sur l'axe 2 : le banc y redéploie ce qu'il lui faut
        # depuis l'axe sœur qui a le plus de crédits libres (un mouvement du socle, tracé).
        soeur = max(
            Enveloppe.objects.filter(nature=NatureEnveloppe.AXE).exclude(pk=axe_2.pk),
            key=lambda e: e.disponible,
        )
        manque = besoin - axe_2.disponible
        if soeur.disponible < manque:
            raise SystemExit(f"L'axe 2 n'a que {axe_2.disponible} € libres ({besoin} requis).")
        argent.redeployer(
            source=soeur, destination=axe_2, montant=manque, motif=f"Banc {tag}", par=admin
        )
        axe_2.refresh_from_db()

    def guichet(nom, forfaits):
        enveloppe = argent.creer_enveloppe(
            parent=axe_2,
            nom=f"Banc {tag} — {nom}",
            nature=NatureEnveloppe.GUICHET,
            montant=FORFAIT * forfaits,
            motif="Banc du guichet à forfait",
            par=admin,
        )
        return ouvrir_guichet_forfait(
            nom=f"Banc {tag} — {nom}",
            slug=f"banc-forfaits-{tag}-{nom}",
            enveloppe=enveloppe,
            ouverture=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1),
        )

    mesure, ruee = guichet("mesure", requetes), guichet("rafale", place)
    departement = Departement.objects.order_by("code").first()
    n_mesure, n_rafale = (requetes + 1) // 2, max(1, rafale // 4)
    collectivites = Collectivite.objects.bulk_create(
        Collectivite(
            nature="commune",
            nom=f"Banc {tag} commune {i}",
            nom_recherche=f"banc {tag} commune {i}",
            siren=f"9{tag}{i:04d}",
            population=1000 + i,
            departement=departement,
            region_id=departement.region_id,
        )
        for i in range(n_mesure + n_rafale)
    )
    membres = User.objects.bulk_create(
        User(email=f"banc-{tag}-{i}@bench.fonds.test", password="!")
        for i in range(len(collectivites))
    )
    Adhesion.objects.bulk_create(
        Adhesion(user=u, collectivite=c, statut=StatutAdhesion.VALIDEE)
        for u, c in zip(membres, collectivites, strict=True)
    )
    cookies = [charge.session_de(u.email) for u in membres]
    api = ApiNationale.objects.proposees().first().code
    return {
        "mesure": mesure,
        "rafale": ruee,
        "api": api,
        "demandeurs": list(zip(collectivites, cookies, strict=True)),
        "n_mesure": n_mesure,
    }


def _formulaire(collectivite, sorte: str, api: str, i: int) -> bytes:
    return urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": JETON,
            "collectivite": str(collectivite.uuid),
            "sorte": sorte,
            "service_nom": f"Service en ligne {i}",
            "service_url": f"https://service-{i}.banc.fonds.test/",
            "date_cible": (datetime.date.today() + datetime.timedelta(days=90)).isoformat(),
            "demarche": "Inscription à la cantine" if sorte == "franceconnect" else "",
            "api": api if sorte == "api" else "",
            "reference_datapass": f"{10000 + i}",
            "etat_datapass": "obtenue",
            "contact_nom": "Équipe technique",
            "contact_email": f"technique-{i}@banc.fonds.test",
            "maintien_en_production": "on",
        }
    ).encode()


def _ouvrir(base, adresse, cookie, donnees=None) -> tuple[int, str, bytes]:
    """(statut, adresse de redirection, corps) ; les redirections ne sont pas suivies."""
    entetes = {"Cookie": f"{cookie}; csrftoken={JETON}"}
    if donnees is not None:
        entetes["Content-Type"] = "application/x-www-form-urlencoded"
    requete = urllib.request.Request(base + adresse, data=donnees, headers=entetes)
    ouvreur = urllib.request.build_opener(charge.SansRedirection)
    try:
        with ouvreur.open(requete, timeout=120) as reponse:
            return reponse.status, "", reponse.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", ""), exc.read()


def _centiles(durees: list[float]) -> tuple[float, float]:
    durees = sorted(durees)
    return statistics.median(durees), durees[max(0, round(0.95 * len(durees)) - 1)]


def plancher_connecte(base, cookie) -> list[float]:
    durees = []
    for _ in range(PLANCHER):
        debut = time.perf_counter()
        statut, _, _ = _ouvrir(base, charge.ADRESSE_PLANCHER_CONNECTE, cookie)
        durees.append((time.perf_counter() - debut) * 1000)
        assert statut == 200, statut
    return durees


def mesurer_decisions(base, donnees, requetes) -> dict:
    from django.urls import reverse

    adresse = reverse("guichet_national:forfait_demander", args=[donnees["mesure"].slug])
    decision, page, echecs = [], [], []
    for i in range(requetes):
        collectivite, cookie = donnees["demandeurs"][i // 2]
        sorte = "franceconnect" if i % 2 == 0 else "api"
        corps = _formulaire(collectivite, sorte, donnees["api"], i)
        debut = time.perf_counter()
        statut, location, _ = _ouvrir(base, adresse, cookie, corps)
        milieu = time.perf_counter()
        if statut != 302:
            echecs.append(statut)
            continue
        statut_page, _, contenu = _ouvrir(base, location, cookie)
        fin = time.perf_counter()
        if statut_page != 200 or "Forfait accordé" not in contenu.decode():
            echecs.append(f"page {statut_page}")
        decision.append((milieu - debut) * 1000)
        page.append((fin - debut) * 1000)
    return {"decision": decision, "page": page, "echecs": echecs}


def mesurer_pdf(base, donnees, n=10) -> dict:
    from django.urls import reverse

    from fonds.financement.models import Convention
    from fonds.financement.services import generer_pdf_convention

    conventions = list(
        Convention.objects.filter(subvention__dossier__guichet=donnees["mesure"], fichier="")
        .select_related("subvention__dossier")
        .order_by("pk")[:n]
    )
    convention = []
    for c in conventions:
        debut = time.perf_counter()
        assert generer_pdf_convention(convention_id=c.pk) is not None
        convention.append((time.perf_counter() - debut) * 1000)
    lettre = []
    for c in conventions:
        dossier = c.subvention.dossier
        cookie = next(k for col, k in donnees["demandeurs"] if col.pk == dossier.collectivite_id)
        debut = time.perf_counter()
        statut, _, contenu = _ouvrir(
            base, reverse("dossiers:lettre_decision", args=[dossier.uuid]), cookie
        )
        lettre.append((time.perf_counter() - debut) * 1000)
        assert statut == 200 and contenu.startswith(b"%PDF"), statut
    return {"convention": convention, "lettre": lettre}


def _interblocages() -> int:
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return curseur.fetchone()[0]


def rafale(base, donnees, n: int, place: int) -> dict:
    """n demandes en même temps : chaque collectivité de la rafale demande deux fois chaque
    sorte. Attendu : `place` accordées, une seule demande retenue par sorte et collectivité,
    les autres retenues en liste d'attente, les doublons refusés (422) avec la règle."""
    from django.db.models import Count, Sum
    from django.urls import reverse

    from fonds.financement.models import Enveloppe
    from guichet_national.models import DemandeForfait, StatutDemande

    guichet = donnees["rafale"]
    adresse = reverse("guichet_national:forfait_demander", args=[guichet.slug])
    demandeurs = donnees["demandeurs"][donnees["n_mesure"] :]
    envois = [
        (*demandeurs[(i // 4) % len(demandeurs)], ("franceconnect", "api")[i % 2], i)
        for i in range(n)
    ]
    depart = threading.Barrier(n)
    statuts: list = [None] * n

    def envoyer(k, collectivite, cookie, sorte, i):
        corps = _formulaire(collectivite, sorte, donnees["api"], 100_000 + i)
        depart.wait()
        try:
            statuts[k] = _ouvrir(base, adresse, cookie, corps)[0]
        except Exception as exc:  # noqa: BLE001 — une erreur réseau est un résultat du banc
            statuts[k] = repr(exc)

    interblocages = _interblocages()
    fils = [threading.Thread(target=envoyer, args=(k, *e)) for k, e in enumerate(envois)]
    debut = time.perf_counter()
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    duree = time.perf_counter() - debut
    demandes = DemandeForfait.objects.filter(guichet=guichet)
    comptes = {
        s: demandes.filter(statut=s).count()
        for s in (StatutDemande.ACCORDEE, StatutDemande.EN_ATTENTE)
    }
    par_sorte = demandes.values("collectivite", "sorte").annotate(n=Count("pk"))
    enveloppe = Enveloppe.objects.get(pk=guichet.enveloppe_id)
    engage = guichet.dossiers.aggregate(s=Sum("subvention__montant"))["s"] or Decimal(0)
    retenues = min(n, 2 * len({e[0].pk for e in envois}))
    attendu = {
        "accordées": min(place, retenues),
        "en liste d'attente": retenues - min(place, retenues),
        "refusées (422)": n - retenues,
    }
    obtenu = {
        "accordées": comptes[StatutDemande.ACCORDEE],
        "en liste d'attente": comptes[StatutDemande.EN_ATTENTE],
        "refusées (422)": statuts.count(422),
    }
    return {
        "duree": duree,
        "attendu": attendu,
        "obtenu": obtenu,
        "redirections": statuts.count(302),
        "erreurs": [s for s in statuts if s not in (302, 422)],
        "doublons": max((x["n"] for x in par_sorte), default=0),
        "engage": engage,
        "enveloppe": enveloppe.montant,
        "engage_enveloppe": enveloppe.montant_engage,
        "interblocages": _interblocages() - interblocages,
    }


def demarrer_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    gunicorn = subprocess.Popen(
        [
            str(Path(charge.PYTHON).parent / "gunicorn"),
            "fonds.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--timeout=120",
            "--log-level=warning",
        ],
        cwd=RACINE,
    )
    for _ in range(150):
        try:
            charge.verifier(f"http://127.0.0.1:{port}", charge.ADRESSE_PLANCHER, "")
            return gunicorn
        except (urllib.error.URLError, ConnectionError):
            if gunicorn.poll() is not None:
                raise SystemExit("gunicorn s'est arrêté.") from None
            time.sleep(0.2)
    gunicorn.terminate()
    raise SystemExit("gunicorn ne répond pas.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requetes", type=int, default=1000, help="décisions mesurées (1000)")
    parser.add_argument("--rafale", type=int, default=200, help="demandes simultanées (200)")
    parser.add_argument("--place", type=int, default=30, help="forfaits de la rafale (30)")
    parser.add_argument("--workers", type=int, default=2, help="workers gunicorn (2)")
    parser.add_argument("--threads", type=int, default=8, help="fils par worker (8)")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--echelle", type=float, default=1.0, help="du volume national (1)")
    parser.add_argument("--reset", action="store_true", help="recréer le volume national")
    parser.add_argument("--sortie", type=Path, default=RACINE / "bench" / "RESULTS-forfaits.md")
    args = parser.parse_args()

    duree_volume = charge.preparer_base(args.echelle, args.reset)
    tag = f"{int(time.time()) % 10000:04d}"
    donnees = peupler(tag, args.requetes, args.rafale, args.place)
    base = f"http://127.0.0.1:{args.port}"
    cookie = donnees["demandeurs"][0][1]
    gunicorn = demarrer_gunicorn(args.port, args.workers, args.threads)
    try:
        avant = plancher_connecte(base, cookie)
        decisions = mesurer_decisions(base, donnees, args.requetes)
        plancher = avant + plancher_connecte(base, cookie)
        pdf = mesurer_pdf(base, donnees)
        ruee = rafale(base, donnees, args.rafale, args.place)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    ecrire(args, tag, duree_volume, plancher, decisions, pdf, ruee)


def ecrire(args, tag, duree_volume, plancher, decisions, pdf, ruee) -> None:
    p_med, _ = _centiles(plancher)
    d_med, d_p95 = _centiles(decisions["decision"])
    g_med, g_p95 = _centiles(decisions["page"])
    c_med, c_p95 = _centiles(pdf["convention"])
    l_med, l_p95 = _centiles(pdf["lettre"])
    exact = ruee["attendu"] == ruee["obtenu"] and ruee["doublons"] <= 1
    lignes = [
        "# Banc du guichet à forfait : décision dans la requête et rafale",
        "",
        f"Mesuré le {datetime.date.today():%d/%m/%Y} (passage {tag}) par `bench/forfaits.py "
        f"--requetes {args.requetes} --rafale {args.rafale} --place {args.place}"
        f"{'' if args.echelle == 1 else f' --echelle {args.echelle}'}` : gunicorn "
        f"({args.workers} workers × {args.threads} fils) + PostgreSQL + Redis sur 127.0.0.1, "
        f"{os.cpu_count()} cœurs partagés avec d'autres sessions, Python "
        f"{platform.python_version()}. Peuplement du volume national : {duree_volume:.0f} s.",
        "",
        "## De la soumission à la décision",
        "",
        f"{len(decisions['decision'])} demandes accordées l'une après l'autre (échecs : "
        f"{decisions['echecs'] or 'aucun'}). Plancher connecté du même passage "
        f"({2 * PLANCHER} requêtes) : médiane {p_med:.1f} ms.",
        "",
        "| mesure | médiane (ms) | p95 (ms) | p95 / plancher connecté | cible |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| POST → décision validée | {d_med:.1f} | {d_p95:.1f} | {d_p95 / p_med:.1f} "
        f"| p95 < 1 000 ms {'✓' if d_p95 < 1000 else '✗'} ; médiane ≤ 10 × plancher "
        f"{'✓' if d_med <= 10 * p_med else '✗'} ({d_med / p_med:.1f}) |",
        f"| POST + page de la décision | {g_med:.1f} | {g_p95:.1f} | {g_p95 / p_med:.1f} | |",
        f"| PDF de la convention (tâche en file, à part) | {c_med:.1f} | {c_p95:.1f} | | |",
        f"| Lettre de décision PDF (à la demande) | {l_med:.1f} | {l_p95:.1f} | | |",
        "",
        "## Rafale",
        "",
        f"{args.rafale} demandes lancées en même temps ({len(ruee['attendu'])} issues), "
        f"enveloppe de {args.place} forfaits ; terminées en {ruee['duree']:.1f} s.",
        "",
        "| issue | attendu | obtenu |",
        "| --- | ---: | ---: |",
        *(f"| {k} | {v} | {ruee['obtenu'][k]} |" for k, v in ruee["attendu"].items()),
        "",
        f"Comptes exacts : {'oui' if exact else 'NON'} ; au plus {ruee['doublons']} demande "
        f"retenue par sorte et collectivité ; subventions {ruee['engage']} € pour une enveloppe "
        f"de {ruee['enveloppe']} € (engagé {ruee['engage_enveloppe']} €) ; erreurs : "
        f"{ruee['erreurs'] or 'aucune'} ; interblocages PostgreSQL : {ruee['interblocages']}.",
        "",
    ]
    args.sortie.write_text("\n".join(lignes))
    print("\n".join(lignes))
    print(f"Résultats écrits dans {args.sortie}")


if __name__ == "__main__":
    main()
