"""Démonstration (commande `demo`) : un guichet de l'axe 3 en Côte-d'Or et des dossiers à
chaque état. Contribution de `fonds.dossiers` ; la décision qui fait naître l'argent vient
ensuite, avec l'enveloppe (`fonds/financement/demo.py`)."""

from decimal import Decimal

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite, Departement
from fonds.comptes.enums import ROLE_DE_L_AXE
from fonds.comptes.models import User

GUICHET_SLUG = "demonstration-cote-d-or"
PDF_DEMO = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

#: (e-mail du déposant, nature, code, titre, montant, état visé)
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


def guichet_demo(contexte) -> None:
    """Un guichet de l'Axe 3 en Côte-d'Or et quelques dossiers à chaque état, passés par
    les services (droits, historique, notifications) comme dans la vraie vie."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from fonds.dossiers import services as dossiers
    from fonds.dossiers.enums import TYPES_PROJET_AXE_3, Axe
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
            # Les règles du guichet (fonds/dossiers/eligibilite.py) : toute collectivité ou
            # groupement de la Côte-d'Or, sous un plafond de population fixé par le préfet ;
            # ce que finance l'axe 3 ; au plus 80 % des dépenses éligibles, 150 000 € au plus.
            "population_max": 600_000,
            "types_projet": list(TYPES_PROJET_AXE_3),
            "taux_max": Decimal("80"),
            "montant_max": Decimal("150000"),
        },
    )
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
    contexte.adresses.append(("Guichet de démonstration", f"/guichets/{GUICHET_SLUG}/"))
