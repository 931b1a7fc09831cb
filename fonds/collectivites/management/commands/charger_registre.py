"""Charge ou rafraîchit le registre des collectivités (idempotent)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fonds.collectivites.registre.chargement import charger
from fonds.collectivites.registre.sources import lire_cog, lire_fichier


class Command(BaseCommand):
    help = (
        "Charge le registre des collectivités depuis le fichier livré (par défaut) ou depuis "
        "les fichiers CSV du Code officiel géographique de l'INSEE (--cog-*). "
        "Idempotent : relancer ne change rien ; les collectivités disparues sont désactivées."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fichier",
            type=Path,
            default=None,
            help="Fichier registre.json.gz (par défaut : settings.REGISTRE_FICHIER).",
        )
        cog = parser.add_argument_group(
            "Code officiel géographique",
            "Colonnes attendues : v_region (REG, TNCC, LIBELLE), v_departement (DEP, REG, "
            "TNCC, LIBELLE), v_commune (TYPECOM, COM, REG, DEP, LIBELLE), populations "
            "(COM, PMUN). Les SIREN, codes postaux et EPCI déjà en base sont gardés.",
        )
        cog.add_argument("--cog-regions", type=Path, help="v_region_AAAA.csv")
        cog.add_argument("--cog-departements", type=Path, help="v_departement_AAAA.csv")
        cog.add_argument("--cog-communes", type=Path, help="v_commune_AAAA.csv")
        cog.add_argument("--populations", type=Path, help="CSV des populations municipales.")

    def handle(self, *args, **options):
        debut = time.perf_counter()
        fichiers_cog = [options[k] for k in ("cog_regions", "cog_departements", "cog_communes")]
        if any(fichiers_cog):
            if not all(fichiers_cog):
                raise CommandError(
                    "Indiquez les trois fichiers du COG : --cog-regions, --cog-departements "
                    "et --cog-communes."
                )
            donnees = lire_cog(
                regions=options["cog_regions"],
                departements=options["cog_departements"],
                communes=options["cog_communes"],
                populations=options["populations"],
            )
        else:
            fichier = options["fichier"] or Path(settings.REGISTRE_FICHIER)
            if not fichier.exists():
                raise CommandError(f"Fichier introuvable : {fichier}")
            donnees = lire_fichier(fichier)
        bilan = charger(donnees)
        duree = time.perf_counter() - debut
        self.stdout.write(
            f"Registre chargé en {duree:.1f} s : {bilan.territoires_crees} territoires créés, "
            f"{bilan.territoires_modifies} modifiés ; {bilan.crees} collectivités créées, "
            f"{bilan.modifies} modifiées, {bilan.desactives} désactivées ; adhésions aux EPCI : "
            f"+{bilan.adhesions_epci_ajoutees} −{bilan.adhesions_epci_retirees}."
        )
        if bilan.sirens_en_conflit:
            self.stderr.write(
                "SIREN déjà portés par une autre collectivité (non repris) : "
                + ", ".join(sorted(bilan.sirens_en_conflit))
            )
