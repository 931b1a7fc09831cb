"""Prépare une démonstration : base migrée, registre chargé, un compte par rôle.

Idempotente : la relancer ne crée rien de plus. Les mots de passe sont ceux du README
(démonstration seulement : la commande refuse de tourner si DEBUG est faux).
"""

from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.comptes import services
from fonds.comptes.enums import ROLE_DE_L_AXE, Fonction, ModeValidation, Role, StatutAdhesion
from fonds.comptes.models import Adhesion, Habilitation, User
from fonds.dossiers.enums import TYPES_PROJET_AXE_3

MOT_DE_PASSE = "demo-fonds-2026"

#: (e-mail, prénom, nom, rôle, territoire) ; territoire = ("region"|"departement", code).
AGENTS = [
    ("admin@demo.fonds.gouv.fr", "Alice", "Administratrice", Role.ADMINISTRATEUR, None),
    ("anct@demo.fonds.gouv.fr", "Bastien", "Agent ANCT", Role.ANCT, None),
    ("dinum@demo.fonds.gouv.fr", "Chloé", "Agente DINUM", Role.DINUM, None),
    (
        "prefecture21@demo.fonds.gouv.fr",
        "David",
        "Instructeur Côte-d'Or",
        Role.INSTRUCTEUR,
        ("departement", "21"),
    ),
    (
        "prefecture-bfc@demo.fonds.gouv.fr",
        "Emma",
        "Instructrice Bourgogne-Franche-Comté",
        Role.INSTRUCTEUR,
        ("region", "27"),
    ),
    ("jure@demo.fonds.gouv.fr", "Farid", "Juré", Role.JURE, None),
    ("partenaire@demo.fonds.gouv.fr", "Gaëlle", "Partenaire", Role.PARTENAIRE, None),
]

#: (e-mail, prénom, nom, nature, code INSEE ou SIREN de la collectivité, statut, fonction)
MEMBRES = [
    (
        "dsi@dijon.demo.fr",
        "Hugo",
        "DSI Dijon",
        Nature.COMMUNE,
        "21231",
        StatutAdhesion.VALIDEE,
        Fonction.AGENT,
    ),
    (
        "dsi@dijon.demo.fr",
        "Hugo",
        "DSI Dijon",
        Nature.EPCI,
        "242100410",
        StatutAdhesion.VALIDEE,
        Fonction.AGENT,
    ),
    (
        "maire@beaune.demo.fr",
        "Inès",
        "Maire de Beaune",
        Nature.COMMUNE,
        "21054",
        StatutAdhesion.VALIDEE,
        Fonction.ELU,
    ),
    (
        "nouvel-agent@beaune.demo.fr",
        "Jules",
        "Agent Beaune",
        Nature.COMMUNE,
        "21054",
        StatutAdhesion.EN_ATTENTE,
        Fonction.AGENT,
    ),
    (
        "numerique@cotedor.demo.fr",
        "Karima",
        "Cheffe de projet Côte-d'Or",
        Nature.DEPARTEMENT,
        "21",
        StatutAdhesion.VALIDEE,
        Fonction.AGENT,
    ),
    (
        "mairie@lyon.demo.fr",
        "Léo",
        "Agent Lyon",
        Nature.COMMUNE,
        "69123",
        StatutAdhesion.VALIDEE,
        Fonction.AGENT,
    ),
]


GUICHET_SLUG = "demonstration-cote-d-or"
PDF_DEMO = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

#: (e-mail du déposant, nature, code, titre, montant, état visé)
APPEL_NATIONAL_SLUG = "appel-national-vague-3"

DOSSIERS_DEMO = [
    (
        "dsi@dijon.demo.fr",
        Nature.COMMUNE,
        "21231",
        "Portail citoyen de Dijon",
        "45000",
        "brouillon",
    ),
    (
        "dsi@dijon.demo.fr",
        Nature.EPCI,
        "242100410",
        "Dématérialisation des autorisations d'urbanisme",
        "120000",
        "depose",
    ),
    (
        "maire@beaune.demo.fr",
        Nature.COMMUNE,
        "21054",
        "Formation des agents de Beaune au numérique",
        "18500",
        "en_instruction",
    ),
    (
        "numerique@cotedor.demo.fr",
        Nature.DEPARTEMENT,
        "21",
        "Schéma directeur du numérique départemental",
        "60000",
        "accepte",
    ),
]


class Command(BaseCommand):
    help = "Prépare la démonstration : migrations, registre des collectivités, comptes par rôle."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("La démonstration ne se prépare qu'avec DEBUG=true.")
        call_command("migrate", interactive=False, verbosity=0)
        if not Collectivite.objects.filter(nature=Nature.COMMUNE).exists():
            self.stdout.write("Chargement du registre des collectivités…")
            call_command("charger_registre")
        with transaction.atomic():
            self._comptes()
        # L'argent d'abord : le guichet engage sur l'enveloppe de la Côte-d'Or, et chaque
        # dossier accepté y fait naître sa subvention.
        with transaction.atomic():
            enveloppe_21 = self._argent_demo()
        with transaction.atomic():
            self._guichet_demo(enveloppe_21)
        with transaction.atomic():
            self._conventions_demo()
        with transaction.atomic():
            self._appel_national_demo()
        self.stdout.write(self.style.SUCCESS("Démonstration prête."))
        self.stdout.write(f"Comptes (mot de passe « {MOT_DE_PASSE} ») :")
        for email, prenom, nom in dict.fromkeys((e, p, n) for e, p, n, *_ in AGENTS + MEMBRES):
            self.stdout.write(f"  {email:40} {prenom} {nom}")
        self.stdout.write(
            f"Guichet de démonstration : http://127.0.0.1:8000/guichets/{GUICHET_SLUG}/"
        )
        self.stdout.write("Adresse du portail : http://127.0.0.1:8000/")

    def _user(self, email, prenom, nom) -> User:
        user, cree = User.objects.get_or_create(
            email=email, defaults={"first_name": prenom, "last_name": nom}
        )
        if cree:
            user.set_password(MOT_DE_PASSE)
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _comptes(self):
        admin = None
        for email, prenom, nom, role, territoire in AGENTS:
            user = self._user(email, prenom, nom)
            kwargs = {}
            if territoire:
                genre, code = territoire
                modele = Region if genre == "region" else Departement
                kwargs[genre] = modele.objects.get(code=code)
            if role == Role.ADMINISTRATEUR:
                user.is_staff = user.is_superuser = True
                user.save()
                admin = user
            Habilitation.objects.get_or_create(
                user=user, role=role, defaults={**kwargs, "creee_par": admin}, **kwargs
            )
        for email, prenom, nom, nature, code, statut, fonction in MEMBRES:
            user = self._user(email, prenom, nom)
            cle = {"siren": code} if len(code) == 9 else {"code_insee": code}
            collectivite = Collectivite.objects.get(nature=nature, **cle)
            if Adhesion.objects.filter(user=user, collectivite=collectivite).exists():
                continue
            if statut == StatutAdhesion.EN_ATTENTE:
                # Par le service : les membres de la collectivité reçoivent la notification.
                services.demander_adhesion(user=user, collectivite=collectivite, fonction=fonction)
                continue
            Adhesion.objects.create(
                user=user,
                collectivite=collectivite,
                statut=statut,
                fonction=fonction,
                decidee_par=admin,
                mode_validation=ModeValidation.ADMINISTRATEUR,
            )

    def _guichet_demo(self, enveloppe):
        """Un guichet de l'Axe 3 en Côte-d'Or et quelques dossiers à chaque état, passés par
        les services (droits, historique, notifications) comme dans la vraie vie."""
        import datetime

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from fonds.dossiers import services as dossiers
        from fonds.dossiers.enums import Axe
        from fonds.dossiers.models import Dossier, Guichet

        maintenant = timezone.now()
        guichet, _ = Guichet.objects.get_or_create(
            slug=GUICHET_SLUG,
            defaults={
                "nom": "Guichet de démonstration — Côte-d'Or",
                "axe": Axe.AXE_3,
                "description": "Guichet territorial de démonstration de la préfecture de la "
                "Côte-d'Or : études, diagnostics, formations, services en ligne, cybersécurité.",
                "ouverture": maintenant - datetime.timedelta(days=30),
                "cloture": maintenant + datetime.timedelta(days=60),
                "departement": Departement.objects.get(code="21"),
                "role_instructeur": ROLE_DE_L_AXE[Axe.AXE_3],
                "pieces_requises": ["deliberation"],
                # Les règles du guichet (fonds/dossiers/eligibilite.py) : toute collectivité
                # ou groupement de la Côte-d'Or, sous un plafond de population fixé par le
                # préfet ; ce que finance l'axe 3 ; au plus 80 % des dépenses éligibles.
                "population_max": 600_000,
                "types_projet": list(TYPES_PROJET_AXE_3),
                "enveloppe": enveloppe,
                "taux_max": Decimal("80"),
                "montant_max": Decimal("150000"),
            },
        )
        if guichet.enveloppe_id is None:  # démonstration préparée avant les règles du guichet
            Guichet.objects.filter(pk=guichet.pk).update(
                enveloppe=enveloppe, taux_max=Decimal("80"), montant_max=Decimal("150000")
            )
            guichet.refresh_from_db()
        instructeur = User.objects.get(email="prefecture21@demo.fonds.gouv.fr")
        for email, nature, code, titre, montant, etat in DOSSIERS_DEMO:
            if Dossier.objects.filter(guichet=guichet, titre=titre).exists():
                continue
            par = User.objects.get(email=email)
            cle = {"siren": code} if len(code) == 9 else {"code_insee": code}
            collectivite = Collectivite.objects.get(nature=nature, **cle)
            dossier = dossiers.creer_dossier(guichet=guichet, collectivite=collectivite, par=par)
            dossier = dossiers.enregistrer_brouillon(
                dossier=dossier,
                par=par,
                titre=titre,
                description=f"{titre} : projet de démonstration du fonds.",
                montant_demande=montant,
            )
            # Les dépenses éligibles déclarées : le montant demandé en est 80 %.
            Dossier.objects.filter(pk=dossier.pk).update(cout_eligible=Decimal(montant) * 100 / 80)
            dossier.refresh_from_db()
            if etat == "brouillon":
                continue
            dossiers.ajouter_piece(
                dossier=dossier,
                fichier=SimpleUploadedFile("deliberation.pdf", PDF_DEMO),
                type_piece="deliberation",
                par=par,
            )
            dossier = dossiers.deposer(dossier=dossier, par=par)
            if etat == "depose":
                continue
            dossier = dossiers.passer_en_instruction(dossier=dossier, par=instructeur)
            dossiers.envoyer_message(
                dossier=dossier,
                auteur=instructeur,
                corps="Bonjour, pouvez-vous préciser le calendrier du projet ?",
            )
            dossiers.annoter(
                dossier=dossier, auteur=instructeur, texte="Projet solide ; équipe expérimentée."
            )
            if etat == "accepte":
                dossiers.accepter(
                    dossier=dossier,
                    par=instructeur,
                    motivation="Projet conforme aux critères du guichet.",
                )

    def _argent_demo(self):
        """Le fonds et ses axes, la délégation de l'axe 3 à la région Bourgogne-Franche-Comté
        puis à la Côte-d'Or : l'enveloppe du guichet de démonstration."""
        from fonds.financement import services as argent
        from fonds.financement.enums import Axe, NatureEnveloppe
        from fonds.financement.models import Enveloppe

        admin = User.objects.get(email="admin@demo.fonds.gouv.fr")
        prefet_region = User.objects.get(email="prefecture-bfc@demo.fonds.gouv.fr")
        argent.initialiser_fonds(par=admin)
        region = Region.objects.get(code="27")
        cote_d_or = Departement.objects.get(code="21")
        enveloppe_region = Enveloppe.objects.filter(
            nature=NatureEnveloppe.REGION, region=region
        ).first() or argent.creer_enveloppe(
            parent=Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_3),
            nom="Axe 3 — Bourgogne-Franche-Comté",
            nature=NatureEnveloppe.REGION,
            region=region,
            montant="1800000.00",
            motif="Répartition de l'axe 3 entre les régions (circulaire aux préfets de région)",
            par=admin,
        )
        enveloppe_21 = Enveloppe.objects.filter(
            nature=NatureEnveloppe.DEPARTEMENT, departement=cote_d_or
        ).first() or argent.creer_enveloppe(
            parent=enveloppe_region,
            nom="Axe 3 — Côte-d'Or",
            nature=NatureEnveloppe.DEPARTEMENT,
            departement=cote_d_or,
            montant="350000.00",
            motif="Délégation du préfet de région au préfet de la Côte-d'Or",
            par=prefet_region,
        )
        return enveloppe_21

    def _conventions_demo(self):
        """La convention de chaque subvention née d'un dossier accepté de la démonstration."""
        from fonds.financement import services as argent
        from fonds.financement.models import Subvention

        prefet_21 = User.objects.get(email="prefecture21@demo.fonds.gouv.fr")
        for subvention in Subvention.objects.filter(
            dossier__guichet__slug=GUICHET_SLUG, conventions__isnull=True
        ):
            argent.emettre_convention(subvention=subvention, par=prefet_21)

    def _appel_national_demo(self):
        """Un appel à projets national ouvert (axe 2), pour que l'orientation mène les
        collectivités qui couvrent un département ou environ 500 000 habitants jusqu'à lui."""
        import datetime

        from django.utils import timezone

        from fonds.dossiers.enums import Axe, CouvertureDepartement, TypeProjet
        from fonds.dossiers.models import Guichet
        from fonds.financement.enums import NatureEnveloppe
        from fonds.financement.models import Enveloppe

        if Guichet.objects.filter(slug=APPEL_NATIONAL_SLUG).exists():
            return
        maintenant = timezone.now()
        appel = Guichet(
            slug=APPEL_NATIONAL_SLUG,
            nom="Appel à projets national — vague 3",
            axe=Axe.AXE_2,
            description="Appel à projets de la DINUM, en trois volets : dématérialisation de "
            "qualité des démarches, cycle de vie de la donnée, coopération avec les "
            "écosystèmes locaux.",
            ouverture=maintenant - datetime.timedelta(days=10),
            cloture=maintenant + datetime.timedelta(days=80),
            role_instructeur=Role.DINUM,
            enveloppe=Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_2),
            # « Au moins un département ou une population d'environ 500 000 habitants » : la
            # DINUM n'a pas fixé de marge, le plancher est strict.
            population_min=500_000,
            couverture_departement=CouvertureDepartement.SUFFIT,
            types_projet=[TypeProjet.DEMARCHES, TypeProjet.DONNEE, TypeProjet.ECOSYSTEMES],
            taux_max="50",
            plafond_par_beneficiaire=1,
        )
        appel.full_clean()
        appel.save()
