from django.core.management.base import BaseCommand, CommandError

from fonds.comptes.models import User
from fonds.financement.services import initialiser_fonds


class Command(BaseCommand):
    help = "Crée le fonds (88 M€), ses trois axes et la sous-enveloppe des laboratoires."

    def add_arguments(self, parser):
        parser.add_argument("--par", required=True, help="E-mail de l'administrateur auteur.")

    def handle(self, *args, par, **options):
        user = User.objects.filter(email=par.lower()).first()
        if user is None:
            raise CommandError(f"Aucun compte {par}.")
        fonds = initialiser_fonds(par=user)
        self.stdout.write(f"{fonds.nom} : {fonds.montant} €")
