"""Banc d'essai du financement (jamais lancé par les tests).

Mesure : le temps d'un engagement (médiane sur 1 000), le temps de génération d'une convention
PDF, et l'export de 10 000 puis 100 000 subventions (temps et pic de mémoire Python, qui doit
rester plat quand le nombre de lignes grandit).

Usage (PostgreSQL conseillé ; une base de test `test_<nom>` est créée puis détruite) :

    createdb -h 127.0.0.1 -U postgres bench_financement
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_financement \\
        .venv/bin/python bench/financement.py
"""

import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fonds.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def _mesurer_export(ecrire, queryset):
    """Deux passages : le temps sans tracemalloc (qui ralentit tout), puis le pic de mémoire
    Python alloué pendant l'export."""
    debut = time.perf_counter()
    ecrire(queryset)
    duree = time.perf_counter() - debut
    tracemalloc.start()
    ecrire(queryset)
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return duree, pic / 1024 / 1024


def main():
    from fonds.collectivites.enums import Nature
    from fonds.collectivites.models import Collectivite, Departement, Region
    from fonds.comptes.enums import Role
    from fonds.comptes.models import Habilitation, User
    from fonds.financement import exports, services
    from fonds.financement.enums import Axe, NatureEnveloppe
    from fonds.financement.models import Engagement, Enveloppe, Subvention

    resultats = {}
    admin = User.objects.create_user("bench@exemple.fr")
    Habilitation.objects.create(user=admin, role=Role.ADMINISTRATEUR)
    region = Region.objects.create(code="R1", nom="Région du banc")
    departement = Departement.objects.create(code="D1", nom="Département du banc", region=region)
    collectivites = Collectivite.objects.bulk_create(
        Collectivite(
            nature=Nature.COMMUNE,
            nom=f"Commune {i}",
            nom_recherche=f"commune {i}",
            code_insee=f"{i:05d}",
            siren=f"2{i:08d}",
            departement=departement,
            region=region,
        )
        for i in range(100)
    )
    services.initialiser_fonds(par=admin)
    axe1 = Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_1)
    guichet = services.creer_enveloppe(
        parent=axe1,
        nom="Banc",
        nature=NatureEnveloppe.GUICHET,
        montant=Decimal("20000000"),
        motif="Banc",
        par=admin,
    )

    # 1. Engagement : médiane sur 1 000.
    durees = []
    for i in range(1000):
        debut = time.perf_counter()
        services.engager(
            enveloppe=guichet,
            montant=Decimal("1000.00"),
            beneficiaire=collectivites[i % 100],
            objet=f"Engagement {i}",
            par=admin,
        )
        durees.append(time.perf_counter() - debut)
    resultats["engager_mediane_ms"] = statistics.median(durees) * 1000
    resultats["engager_p95_ms"] = sorted(durees)[949] * 1000

    # 2. Convention PDF.
    sub = services.attribuer_exceptionnellement(
        enveloppe=guichet,
        motif="Banc d'essai",
        beneficiaire=collectivites[0],
        objet="Projet du banc",
        cout_eligible=Decimal("125000.00"),
        taux=Decimal("80"),
        montant=Decimal("100000.00"),
        par=admin,
    )
    from fonds.financement.models import Convention

    convention = Convention.objects.create(subvention=sub, version=1, emise_par=admin)
    debut = time.perf_counter()
    services.rendre_pdf_convention(convention)
    resultats["pdf_premiere_s"] = time.perf_counter() - debut
    pdf = []
    for _ in range(5):
        debut = time.perf_counter()
        contenu = services.rendre_pdf_convention(convention)
        pdf.append(time.perf_counter() - debut)
    resultats["pdf_mediane_s"] = statistics.median(pdf)
    resultats["pdf_octets"] = len(contenu)
    debut = time.perf_counter()
    services.generer_pdf_convention(convention_id=convention.pk)  # service complet (stockage)
    resultats["pdf_service_complet_s"] = time.perf_counter() - debut

    # 3. Exports de 10 000 puis 100 000 subventions.
    def remplir(jusqu_a):
        deja = Subvention.objects.count()
        lot = 5000
        while deja < jusqu_a:
            n = min(lot, jusqu_a - deja)
            engagements = Engagement.objects.bulk_create(
                Engagement(
                    enveloppe=guichet,
                    beneficiaire=collectivites[(deja + i) % 100],
                    objet=f"Projet {deja + i}",
                    montant=Decimal("100.00"),
                    montant_initial=Decimal("100.00"),
                    cree_par=admin,
                )
                for i in range(n)
            )
            Subvention.objects.bulk_create(
                Subvention(
                    beneficiaire=collectivites[(deja + i) % 100],
                    enveloppe=guichet,
                    engagement=e,
                    axe=Axe.AXE_1,
                    region=region,
                    departement=departement,
                    objet=f"Projet numérique n° {deja + i}",
                    cout_eligible=Decimal("125.00"),
                    taux=Decimal("80"),
                    montant=Decimal("100.00"),
                    cree_par=admin,
                )
                for i, e in enumerate(engagements)
            )
            deja += n

    def csv_vers_rien(qs):
        for _ in exports._csv(qs):
            pass

    def xlsx_vers_fichier(qs):
        with tempfile.TemporaryFile() as f:
            exports.ecrire_xlsx(qs, f)

    for volume in (10_000, 100_000):
        remplir(volume)
        qs = Subvention.objects.all().order_by("-cree_le")
        resultats[f"csv_{volume}"] = _mesurer_export(csv_vers_rien, qs)
        resultats[f"xlsx_{volume}"] = _mesurer_export(xlsx_vers_fichier, qs)
    return resultats


if __name__ == "__main__":
    setup_test_environment()
    nom_base = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        r = main()
    finally:
        connection.creation.destroy_test_db(nom_base, verbosity=0)
    print(
        f"Machine : {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} processeurs, base {connection.vendor}"
    )
    print(
        f"Engager : médiane {r['engager_mediane_ms']:.2f} ms, p95 {r['engager_p95_ms']:.2f} ms "
        "(1 000 engagements)"
    )
    print(
        f"Convention PDF : première {r['pdf_premiere_s']:.2f} s, "
        f"médiane {r['pdf_mediane_s']:.2f} s sur 5, "
        f"service complet {r['pdf_service_complet_s']:.2f} s, {r['pdf_octets']} octets"
    )
    for volume in (10_000, 100_000):
        for format in ("csv", "xlsx"):
            duree, pic = r[f"{format}_{volume}"]
            print(
                f"Export {format.upper()} {volume} lignes : {duree:.2f} s, pic mémoire Python "
                f"{pic:.1f} Mo"
            )
