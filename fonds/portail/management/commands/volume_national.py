"""Le volume national : voir `fonds.portail.volume`."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite
from fonds.portail import volume


class Command(BaseCommand):
    help = (
        "Peuple la base au volume du vrai fonds, sur le registre des collectivités : comptes et "
        "adhésions, 20 000 dossiers, 5 000 subventions… (--echelle pour moins). Sans effet si "
        "le volume est déjà là ; --reset l'efface d'abord."
    )

    def add_arguments(self, parser):
        parser.add_argument("--echelle", type=float, default=1.0, help="1 = volume national.")
        parser.add_argument("--graine", type=int, default=2021, help="Hasard reproductible.")
        parser.add_argument(
            "--reset", action="store_true", help="Efface le volume existant et le recrée."
        )
        parser.add_argument(
            "--effacer", action="store_true", help="Efface le volume existant, sans le recréer."
        )

    def handle(self, *args, echelle, graine, reset, effacer, **options):
        if not 0 < echelle <= 10:
            raise CommandError("L'échelle est comprise entre 0 et 10.")
        debut = time.perf_counter()
        if reset or effacer:
            volume.supprimer()
            self.stdout.write(f"Volume effacé en {time.perf_counter() - debut:.1f} s.")
            if effacer:
                return
        elif volume.existe():
            self.stdout.write("Le volume national est déjà là (--reset pour le recréer).")
            return
        if not Collectivite.objects.filter(nature=Nature.COMMUNE).exists():
            self.stdout.write("Chargement du registre des collectivités…")
            call_command("charger_registre")
        debut = time.perf_counter()
        bilan = volume.peupler(echelle=echelle, graine=graine, sortie=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"Volume national créé en {time.perf_counter() - debut:.1f} s :")
        )
        for nom, nombre in bilan.items():
            self.stdout.write(f"  {nom:15} {nombre:>8}")
