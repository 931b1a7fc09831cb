"""Banc de la séance du comité de sélection à 500 besoins consolidés, et du Territoires Store
à 100 services livrés.

Une commande, relançable (jamais lancée par les tests), en processus (client de test de Django,
sans gunicorn ni wrk : le rendu de la page et ses requêtes SQL, pas le réseau) :

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fonds_selection \\
        .venv/bin/python bench/selection.py       # --groupes 500 --seules 100 --collectivites 2000

Chaque passage pose son tour (en sélection, doté sur l'axe 1), ses besoins consolidés estimés,
ses propositions seules, un bulletin par collectivité (5 soutiens chacune), un comité de
20 membres (déports d'office) et une décision sur un besoin sur dix ; puis mesure la séance vue
par l'ANCT et par un membre déporté (médiane et p95 sur `--mesures` lectures, nombre de
requêtes). Puis `--services` besoins de plus sont retenus par le comité (subventions du
socle), leurs fiches remplies et livrés au Territoires Store, chacun avec 3 territoires
référents, 4 jalons et 5 demandes d'adhésion : on mesure le Store (anonyme, avec une
recherche), la liste des services retenus et la page d'un service livré (anonyme, membre).
Écrit le résultat dans `--sortie` (bench/RESULTS-selection.md par défaut).
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
    parser.add_argument("--services", type=int, default=100)
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
    debut = time.perf_counter()
    livres = _poser_le_store(tour, groupes, collectivites, anct, args.services)
    pose_store = time.perf_counter() - debut

    def mesurer(url, personne=None):
        client = Client()
        if personne is not None:
            client.force_login(personne)
        client.get(url)
        durees = []
        for _ in range(args.mesures):
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as requetes:
                r = client.get(url)
            durees.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        durees.sort()
        return (
            statistics.median(durees),
            durees[int(len(durees) * 0.95) - 1],
            len(requetes),
            len(r.content),
        )

    seance = reverse("consultation:seance", args=[tour.slug])
    store = reverse("consultation:store")
    service = reverse("consultation:service", args=[livres[0].uuid])
    membre = AdhesionFactory(collectivite=collectivites[-1]).user
    resultats = {
        "séance, ANCT": mesurer(seance, anct),
        "séance, membre déporté": mesurer(seance, membres[0].personne),
        "Territoires Store, anonyme": mesurer(store),
        "Territoires Store, recherche « besoin »": mesurer(store + "?q=besoin"),
        "services retenus, anonyme": mesurer(reverse("consultation:services")),
        "service livré, anonyme": mesurer(service),
        "service livré, membre": mesurer(service, membre),
    }
    lignes = [
        "# Banc de la séance du comité de sélection",
        "",
        f"Passage du {datetime.datetime.now(datetime.UTC):%d/%m/%Y %H:%M} UTC, en processus "
        f"(client de test de Django, PostgreSQL, sans gunicorn) : {args.groupes} besoins "
        f"consolidés, {args.seules} propositions seules, {len(soutiens)} soutiens de "
        f"{args.collectivites} collectivités, "
        f"20 membres du comité, {len(groupes[::10])} décisions (pose : {pose:.0f} s) ; puis "
        f"{len(livres)} services livrés au Territoires Store, 3 référents, 4 jalons et 5 "
        f"demandes d'adhésion chacun (pose : {pose_store:.0f} s). Machine partagée (2 cœurs).",
        "",
        "| vue | médiane (ms) | p95 (ms) | requêtes SQL | octets |",
        "| --- | --- | --- | --- | --- |",
    ]
    for nom, (med, p95, n, taille) in resultats.items():
        lignes.append(f"| {nom} | {med:.0f} | {p95:.0f} | {n} | {taille} |")
    Path(args.sortie).write_text("\n".join(lignes) + "\n", encoding="utf-8")
    print("\n".join(lignes))


def _poser_le_store(tour, groupes, collectivites, anct, n):
    """n besoins retenus (décisions et subventions du socle), fiches remplies, livrés ; leurs
    référents, jalons et demandes d'adhésion posés en masse (le banc mesure la lecture)."""
    from django.utils import timezone

    from consultation.enums import Phase
    from consultation.models import AdhesionService, Interet, Jalon, Tour
    from consultation.services import selection as comite
    from consultation.services import suivi
    from tests.consultation.monde import dates

    candidats = [g for i, g in enumerate(groupes) if i % 10][:n]
    services = [
        comite.decider(
            tour=tour,
            cible=comite.cible_de(tour, g.uuid),
            issue="retenu",
            voie="deployer",
            montant=Decimal("1000"),
            motivation="Retenu par le banc.",
            par=anct,
        ).service
        for g in candidats
    ]
    Tour.objects.filter(pk=tour.pk).update(**dates(Phase.DEVELOPPEMENT))
    aujourdhui = timezone.localdate()
    for k, s in enumerate(services):
        suivi.modifier_fiche(
            service=s,
            par=anct,
            pour_qui="Les communes, les départements et leurs habitants.",
            licence="EUPL-1.2",
            code_source=f"https://code.gouv.fr/banc/{k}",
        )
        suivi.livrer(service=s, par=anct)
    m = len(collectivites)
    Interet.objects.bulk_create(
        Interet(service=s, collectivite=collectivites[(k * 3 + i) % m], role="referent", par=anct)
        for k, s in enumerate(services)
        for i in range(3)
    )
    Jalon.objects.bulk_create(
        Jalon(service=s, titre=f"Jalon {i}", echeance=aujourdhui, statut="atteint", par=anct)
        for s in services
        for i in range(4)
    )
    AdhesionService.objects.bulk_create(
        AdhesionService(
            service=s,
            collectivite=collectivites[(k * 5 + i + 1000) % m],
            par=anct,
            en_service_le=timezone.now() if i % 2 else None,
        )
        for k, s in enumerate(services)
        for i in range(5)
    )
    return services


if __name__ == "__main__":
    main()
