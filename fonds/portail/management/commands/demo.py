"""Prépare une démonstration : base migrée, registre chargé, un compte par rôle, puis ce que
chaque application apporte (`demo(contexte)` de son `AppConfig`, voir `fonds/contributions.py`).

Idempotente : la relancer ne crée rien de plus. Les mots de passe sont ceux du README
(démonstration seulement : la commande refuse de tourner si DEBUG est faux).
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fonds import contributions
from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite
from fonds.comptes.demo import MOT_DE_PASSE


class Command(BaseCommand):
    help = "Prépare la démonstration : migrations, registre des collectivités, comptes par rôle."

    def add_arguments(self, parser):
        parser.add_argument(
            "--adresse",
            default=settings.SITE_URL,
            help="L'adresse où le portail sera servi, affichée à la fin (par défaut SITE_URL, "
            f"ici {settings.SITE_URL}).",
        )

    def handle(self, *args, adresse, **options):
        if not settings.DEBUG:
            raise CommandError("La démonstration ne se prépare qu'avec DEBUG=true.")
        call_command("migrate", interactive=False, verbosity=0)
        if not Collectivite.objects.filter(nature=Nature.COMMUNE).exists():
            self.stdout.write("Chargement du registre des collectivités…")
            call_command("charger_registre")
        contexte = contributions.Demo(site=adresse, ecrire=self.stdout.write)
        for config in contributions.applications("demo"):
            with transaction.atomic():
                config.demo(contexte)
        self.stdout.write(self.style.SUCCESS("Démonstration prête."))
        self.stdout.write(f"Comptes (mot de passe « {MOT_DE_PASSE} ») :")
        for email, prenom, nom in contexte.comptes:
            self.stdout.write(f"  {email:40} {prenom} {nom}")
        for libelle, chemin in contexte.adresses:
            self.stdout.write(f"{libelle} : {contexte.url(chemin)}")
        self.stdout.write(f"Adresse du portail : {contexte.url('/')}")
