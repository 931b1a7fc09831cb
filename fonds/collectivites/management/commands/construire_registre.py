"""Construit le fichier compact du registre livré avec le portail, depuis le dossier `data/`
du paquet npm @etalab/decoupage-administratif (à lancer une fois par millésime)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fonds.collectivites.registre.sources import construire_depuis_etalab, ecrire_fichier


class Command(BaseCommand):
    help = (
        "Construit fonds/collectivites/data/registre.json.gz depuis le dossier data/ du "
        "paquet npm @etalab/decoupage-administratif."
    )

    def add_arguments(self, parser):
        parser.add_argument("dossier", type=Path, help="Dossier data/ du paquet npm.")
        parser.add_argument(
            "--millesime", required=True, help="Millésime des données (ex. : 2026)."
        )
        parser.add_argument(
            "--sortie",
            type=Path,
            default=None,
            help="Fichier à écrire (par défaut : settings.REGISTRE_FICHIER).",
        )

    def handle(self, *args, dossier, millesime, sortie, **options):
        if not (dossier / "communes.json").exists():
            raise CommandError(f"{dossier} ne contient pas communes.json.")
        sortie = sortie or Path(settings.REGISTRE_FICHIER)
        sortie.parent.mkdir(parents=True, exist_ok=True)
        donnees = construire_depuis_etalab(dossier, millesime=millesime)
        ecrire_fichier(donnees, sortie)
        self.stdout.write(
            f"{sortie} : {len(donnees['r'])} régions, {len(donnees['d'])} départements, "
            f"{len(donnees['c'])} communes, {len(donnees['e'])} EPCI "
            f"({sortie.stat().st_size / 1024:.0f} Kio)."
        )
