"""Banc d'essai des dossiers (jamais lancé par les tests).

Mesure, sur une base de test créée pour l'occasion puis détruite :
- la liste d'instruction à 20 000 dossiers : temps serveur médian et 95e centile sur
  50 requêtes (client de test de Django : vue, filtres, gabarit ; pas de réseau) ;
- l'export CSV en flux (et XLSX) à 10 000 et à 100 000 lignes : durée et pic de mémoire
  Python (tracemalloc) pendant la production de la réponse, pour montrer que la mémoire ne
  grandit pas avec le nombre de lignes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/dossiers.py
"""

import os
import platform
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fonds.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

LISTE = 20_000
EXPORT_PETIT = int(os.environ.get("BENCH_EXPORT_PETIT", 10_000))
EXPORT_GRAND = int(os.environ.get("BENCH_EXPORT_GRAND", 100_000))
REQUETES = 50


def _peupler():
    from fonds.collectivites.models import Collectivite, Departement, Region
    from fonds.comptes.enums import Role, StatutAdhesion
    from fonds.comptes.models import Adhesion, Habilitation, User
    from fonds.dossiers.enums import Axe, Etat
    from fonds.dossiers.models import Dossier, Guichet

    region = Region.objects.create(code="27", nom="Bourgogne-Franche-Comté")
    departement = Departement.objects.create(code="21", nom="Côte-d'Or", region=region)
    communes = Collectivite.objects.bulk_create(
        Collectivite(
            nature="commune",
            nom=f"Commune {i}",
            nom_recherche=f"commune {i}",
            code_insee=f"21{i:03d}",
            siren=f"2{i:08d}",
            population=500 + i,
            departement=departement,
            region=region,
        )
        for i in range(700)
    )
    deposant = User.objects.create_user(email="deposant@bench.fr", password="x")
    Adhesion.objects.create(user=deposant, collectivite=communes[0], statut=StatutAdhesion.VALIDEE)
    instructeur = User.objects.create_user(email="instructeur@bench.fr", password="x")
    Habilitation.objects.create(user=instructeur, role=Role.INSTRUCTEUR, departement=departement)
    maintenant = timezone.now()
    guichets = {}
    themes = ["portail citoyen", "cybersécurité", "formation des agents", "téléphonie", "urbanisme"]
    etats = [Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.DEPOSE, Etat.ACCEPTE]
    for slug, nombre in (
        ("liste", LISTE),
        ("export-10k", EXPORT_PETIT),
        ("export-100k", EXPORT_GRAND),
    ):
        guichet = Guichet.objects.create(
            nom=f"Guichet {slug}",
            slug=slug,
            axe=Axe.AXE_3,
            ouverture=maintenant - timezone.timedelta(days=60),
            departement=departement,
        )
        guichets[slug] = guichet
        for debut in range(0, nombre, 5000):
            Dossier.objects.bulk_create(
                Dossier(
                    guichet=guichet,
                    collectivite=communes[i % len(communes)],
                    cree_par=deposant,
                    etat=etats[i % len(etats)],
                    depose_le=maintenant - timezone.timedelta(minutes=i),
                    decide_le=maintenant if etats[i % len(etats)] == Etat.ACCEPTE else None,
                    titre=f"Projet {themes[i % len(themes)]} n° {i}",
                    description=f"Projet de {themes[i % len(themes)]} pour la commune.",
                    montant_demande=Decimal(1000 + i % 90_000),
                    tags="cyber, prioritaire" if i % 7 == 0 else "",
                    instructeur=instructeur if i % 3 == 0 else None,
                )
                for i in range(debut, min(debut + 5000, nombre))
            )
    Dossier.objects.indexer_recherche()  # ce que font les services à chaque enregistrement
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            curseur.execute("ANALYZE")
    return guichets, instructeur


def _mesurer_liste(client, guichet):
    url = reverse("dossiers:instruction", args=[guichet.slug])
    variantes = [
        {},
        {"page": "37"},
        {"etat": "depose", "tri": "-montant"},
        {"q": "cybersécurité"},
        {"montant_min": "20000", "montant_max": "50000", "tag": "cyber"},
    ]
    client.get(url)  # échauffement
    durees = []
    for i in range(REQUETES):
        debut = time.perf_counter()
        response = client.get(url, variantes[i % len(variantes)])
        durees.append((time.perf_counter() - debut) * 1000)
        assert response.status_code == 200, response.status_code
    par_variante = {
        str(v or "(sans filtre)"): statistics.median(
            d for j, d in enumerate(durees) if j % len(variantes) == k
        )
        for k, v in enumerate(variantes)
    }
    durees.sort()
    return statistics.median(durees), durees[int(0.95 * len(durees)) - 1], par_variante


def _mesurer_export(client, guichet, attendu, format_="csv"):
    url = reverse(f"dossiers:export_{format_}", args=[guichet.slug])
    debut = time.perf_counter()
    octets = lignes = 0
    for morceau in client.get(url).streaming_content:
        octets += len(morceau)
        lignes += morceau.count(b"\n")
    duree = time.perf_counter() - debut
    if format_ == "csv":
        assert lignes == attendu + 1, (lignes, attendu)
    tracemalloc.start()
    for _ in client.get(url).streaming_content:
        pass
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return duree, pic, octets


def main():
    setup_test_environment()
    # Une base à part, à notre nom : jamais celle des tests d'une autre session.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_dossiers_{os.getpid()}"
    nom_base = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        print(f"Base : {connection.vendor} ({nom_base})")
        debut = time.perf_counter()
        guichets, instructeur = _peupler()
        print(f"Données créées en {time.perf_counter() - debut:.1f} s")
        client = Client()
        client.force_login(instructeur)
        mediane, p95, detail = _mesurer_liste(client, guichets["liste"])
        print(f"Liste d'instruction, {LISTE} dossiers, {REQUETES} requêtes :")
        print(f"  médiane {mediane:.1f} ms, 95e centile {p95:.1f} ms")
        for variante, duree in detail.items():
            print(f"  {variante}: médiane {duree:.1f} ms")
        for slug, nombre in (("export-10k", EXPORT_PETIT), ("export-100k", EXPORT_GRAND)):
            duree, pic, octets = _mesurer_export(client, guichets[slug], nombre)
            print(
                f"Export CSV {nombre} lignes : {duree:.2f} s, {octets / 1e6:.1f} Mo, "
                f"pic de mémoire Python {pic / 1e6:.2f} Mo"
            )
        for slug, nombre in (("export-10k", EXPORT_PETIT), ("export-100k", EXPORT_GRAND)):
            duree, pic, octets = _mesurer_export(client, guichets[slug], nombre, "xlsx")
            print(
                f"Export XLSX {nombre} lignes : {duree:.2f} s, {octets / 1e6:.1f} Mo, "
                f"pic de mémoire Python {pic / 1e6:.2f} Mo"
            )
        print(f"Machine : {platform.platform()}, Python {platform.python_version()}, ", end="")
        print(f"{os.cpu_count()} processeurs")
    finally:
        connection.creation.destroy_test_db(nom_base, verbosity=0)


if __name__ == "__main__":
    main()
