"""Banc de la page de séance du comité de sélection à 500 besoins consolidés.

Une commande, relançable (jamais lancée par les tests), en processus (client de test de Django,
sans gunicorn ni wrk : le rendu de la page et ses requêtes SQL, pas le réseau) :

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fonds_selection \\
        .venv/bin/python bench/selection.py       # --groupes 500 --seules 100 --collectivites 2000

Chaque passage pose son tour (en sélection, doté sur l'axe 1), ses besoins consolidés estimés,
ses propositions seules, un bulletin par collectivité (5 soutiens chacune), un comité de
20 membres (déports d'office) et une décision sur un besoin sur dix ; puis mesure la séance vue
par l'ANCT et par un membre déporté (médiane et p95 sur `--mesures` lectures, nombre de
requêtes). Écrit le résultat dans `--sortie` (bench/RESULTS-selection.md par défaut).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fonds.settings.dev")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--groupes", type=int, default=500)
    parser.add_argument("--seules", type=int, default=100)
    parser.add_argument("--collectivites", type=int, default=2000)
    parser.add_argument("--mesures", type=int, default=30)
    parser.add_argument("--sortie", default=str(RACINE / "bench" / "RESULTS-selection.md"))
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from consultation.enums import Issue, Phase, Sorte
    from consultation.models import BesoinConsolide, Bulletin, Proposition, Soutien, Tour
    from consultation.models.selection import Qualite
    from consultation.services import selection as comite
    from consultation.services.tours import ouvrir_tour
    from fonds.comptes.enums import Role
    from fonds.financement.enums import Axe, NatureEnveloppe
    from fonds.financement.models import Enveloppe
    from fonds.financement.services import initialiser_fonds
    from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
    from tests.comptes.factories import AdhesionFactory, HabilitationFactory
    from tests.consultation.monde import dates

    passage = timezone.now().strftime("%Y%m%d%H%M%S")
    admin = HabilitationFactory(role=Role.ADMINISTRATEUR).user
    anct = HabilitationFactory(role=Role.ANCT).user
    if not Enveloppe.objects.filter(nature=NatureEnveloppe.AXE, axe=Axe.AXE_1).exists():
        initialiser_fonds(par=admin)
    debut = time.perf_counter()
    tour = ouvrir_tour(
        nom=f"Banc {passage}",
        slug=f"banc-selection-{passage}",
        dates=dates(Phase.VOTE),
        par=anct,
        montant=Decimal("5000000"),
    )
    dep = DepartementFactory()
    collectivites = CollectiviteFactory.create_batch(args.collectivites, departement=dep)
    groupes = BesoinConsolide.objects.bulk_create(
        BesoinConsolide(
            tour=tour,
            titre=f"Besoin consolidé {i}",
            description="…",
            cout_developpement=Decimal(10000 + i),
            cout_deploiement=Decimal(5000),
            cree_par=anct,
        )
        for i in range(args.groupes)
    )
    seules = Proposition.objects.bulk_create(
        Proposition(
            tour=tour,
            sorte=Sorte.BESOIN,
            titre=f"Proposition seule {i}",
            probleme="…",
            concernes="…",
            auteur=anct,
            collectivite=collectivites[i],
            issue=Issue.GARDEE,
        )
        for i in range(args.seules)
    )
    bulletins = Bulletin.objects.bulk_create(
        Bulletin(tour=tour, collectivite=c, nb_soutiens=5) for c in collectivites
    )
    soutiens = []
    for i, (b, c) in enumerate(zip(bulletins, collectivites, strict=True)):
        for k in range(4):
            g = groupes[(i * 7 + k * 13) % len(groupes)]
            soutiens.append(
                Soutien(bulletin=b, tour=tour, collectivite=c, groupe=g, nature=c.nature)
            )
        p = seules[i % len(seules)]
        soutiens.append(
            Soutien(bulletin=b, tour=tour, collectivite=c, proposition=p, nature=c.nature)
        )
    Soutien.objects.bulk_create(soutiens, batch_size=5000)
    Tour.objects.filter(pk=tour.pk).update(**dates(Phase.SELECTION))
    tour.refresh_from_db()
    membres = []
    for i in range(20):
        c = collectivites[i * 3]
        personne = AdhesionFactory(collectivite=c).user
        membres.append(
            comite.composer(
                tour=tour,
                personne=personne,
                qualite=Qualite.COLLECTIVITE,
                collectivite=c,
                par=anct,
            )
        )
    for i, g in enumerate(groupes[::10]):
        comite.decider(
            tour=tour,
            cible=comite.cible_de(tour, g.uuid),
            issue="retenu" if i % 2 else "non_retenu",
            voie="construire" if i % 2 else "",
            montant=Decimal("20000") if i % 2 else None,
            motivation="Décision du banc.",
            par=anct,
        )
    pose = time.perf_counter() - debut

    url = reverse("consultation:seance", args=[tour.slug])
    resultats = {}
    for nom, personne in (("ANCT", anct), ("membre déporté", membres[0].personne)):
        client = Client()
        client.force_login(personne)
        client.get(url)
        durees = []
        for _ in range(args.mesures):
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as requetes:
                r = client.get(url)
            durees.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, r.status_code
        durees.sort()
        resultats[nom] = (
            statistics.median(durees),
            durees[int(len(durees) * 0.95) - 1],
            len(requetes),
            len(r.content),
        )
    lignes = [
        "# Banc de la séance du comité de sélection",
        "",
        f"Passage du {datetime.datetime.now(datetime.UTC):%d/%m/%Y %H:%M} UTC, en processus "
        f"(client de test de Django, PostgreSQL, sans gunicorn) : {args.groupes} besoins "
        f"consolidés, {args.seules} propositions seules, {len(soutiens)} soutiens de "
        f"{args.collectivites} collectivités, "
        f"20 membres du comité, {len(groupes[::10])} décisions (pose : {pose:.0f} s). "
        f"Machine partagée (2 cœurs, 4 sessions).",
        "",
        "| vue | médiane (ms) | p95 (ms) | requêtes SQL | octets |",
        "| --- | --- | --- | --- | --- |",
    ]
    for nom, (med, p95, n, taille) in resultats.items():
        lignes.append(f"| {nom} | {med:.0f} | {p95:.0f} | {n} | {taille} |")
    Path(args.sortie).write_text("\n".join(lignes) + "\n", encoding="utf-8")
    print("\n".join(lignes))


if __name__ == "__main__":
    main()
