"""Démonstration (commande `demo`) de l'axe 3, à côté du guichet de Côte-d'Or du socle :
deux régions (Bourgogne-Franche-Comté, Auvergne-Rhône-Alpes), chacune son guichet régional ;
trois départements délégués avec leur guichet (Jura, Saône-et-Loire, Rhône) ; des dossiers à
chaque étape (brouillon, déposé, en instruction noté, accepté avec un CRTE, refusé) et un
projet de lab accepté sur l'enveloppe nationale des labs. Le Doubs reste sans délégation :
c'est lui que la préfecture de région délègue dans le parcours."""

import datetime
from decimal import Decimal

from django.utils import timezone

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.comptes.enums import ModeValidation, StatutAdhesion
from fonds.comptes.models import Adhesion, User

REGIONS = {"27": "1800000.00", "84": "3000000.00"}
DELEGATIONS = {"39": "200000.00", "71": "200000.00", "69": "400000.00"}
REPONSES = {
    "sorte_depense": "services_en_ligne",
    "equipe": "La secrétaire générale, un agent numérique et un prestataire.",
    "usagers": "Les habitants de la commune ; besoin confirmé par une enquête.",
    "budget_total": "30000",
    "plan_financement": "Autofinancement 30 %, fonds 70 %.",
}
#: (département, étape, titre, montant, projet de lab)
DOSSIERS = [
    ("39", "brouillon", "Schéma directeur numérique", 15000, False),
    ("39", "depose", "Formation des agents au numérique", 8000, False),
    ("71", "en_instruction", "Prise de rendez-vous en ligne", 12000, False),
    ("71", "accepte", "Standard téléphonique et serveur vocal", 20000, False),
    ("69", "refuse", "Refonte du site de la mairie", 25000, False),
    ("69", "accepte_lab", "Laboratoire des démarches avec le lab régional", 18000, True),
    ("84", "depose", "Audit de cybersécurité", 9000, False),
]


def _commune(departement: str, rang: int = 0) -> Collectivite:
    return Collectivite.objects.filter(
        nature=Nature.COMMUNE, departement__code=departement, population__lt=3000
    ).order_by("code_insee")[rang]


def _membre(commune, admin) -> User:
    email = f"mairie-{commune.code_insee}@territoires.demo.fr"
    user, cree = User.objects.get_or_create(
        email=email, defaults={"first_name": "Maire", "last_name": commune.nom[:100]}
    )
    if cree:
        from allauth.account.models import EmailAddress

        from fonds.comptes.demo import MOT_DE_PASSE

        user.set_password(MOT_DE_PASSE)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Adhesion.objects.create(
            user=user,
            collectivite=commune,
            statut=StatutAdhesion.VALIDEE,
            fonction="elu",
            decidee_par=admin,
            mode_validation=ModeValidation.ADMINISTRATEUR,
        )
    return user


def demo(contexte) -> None:
    from fonds.dossiers import services as dossiers
    from fonds.dossiers.enums import Etat
    from fonds.dossiers.models import Dossier, Guichet
    from fonds.financement import services as argent
    from fonds.financement.enums import NatureEnveloppe

    from .models import Critere, Note
    from .services import instruction, repartition
    from .services.guichets import CODE_TERRITORIAL, ouvrir_guichet

    if Guichet.objects.filter(type=CODE_TERRITORIAL).exists():
        return
    admin = User.objects.get(email="admin@demo.fonds.gouv.fr")
    axe3 = repartition.enveloppe_axe3()
    ouverture = timezone.localdate() - datetime.timedelta(days=30)
    guichets = {}
    for code, montant in REGIONS.items():
        region = Region.objects.get(code=code)
        regionale = repartition.enveloppe_de_region(region) or argent.creer_enveloppe(
            parent=axe3,
            nom=f"Axe 3 — {region.nom}",
            nature=NatureEnveloppe.REGION,
            region=region,
            montant=montant,
            motif="Répartition de l'axe 3 entre les régions",
            par=admin,
        )
        guichets[code] = ouvrir_guichet(
            enveloppe=regionale,
            nom=f"Guichet territorial — {region.nom}",
            ouverture=ouverture,
            population_max=20000,
            depenses=["etudes", "formation", "services_en_ligne", "cybersecurite", "labs"],
            par=admin,
        )
        for dep_code, delegue in DELEGATIONS.items():
            departement = Departement.objects.get(code=dep_code)
            if departement.region_id != region.pk:
                continue
            enveloppe = repartition.deleguer_au_departement(
                regionale=regionale,
                departement=departement,
                montant=delegue,
                motif=f"Délégation au préfet de {departement.nom}",
                par=admin,
            )
            guichets[dep_code] = ouvrir_guichet(
                enveloppe=enveloppe,
                nom=f"Guichet territorial — {departement.nom}",
                ouverture=ouverture,
                population_max=20000,
                depenses=[
                    "etudes",
                    "accompagnement",
                    "formation",
                    "services_en_ligne",
                    "telephonie",
                    "labs",
                ],
                par=admin,
            )
    for rang, (code, etape, titre, montant, lab) in enumerate(DOSSIERS):
        departement = code if code in DELEGATIONS else "01"
        commune = _commune(departement if code != "84" else "01", rang % 2)
        membre = _membre(commune, admin)
        guichet = guichets[code]
        donnees = {**REPONSES, "budget_total": str(montant * 2)}
        if lab:
            donnees |= {"sorte_depense": "labs", "lab": "La Fabrique numérique du Rhône"}
        etat = {
            "brouillon": Etat.BROUILLON,
            "depose": Etat.DEPOSE,
        }.get(etape, Etat.EN_INSTRUCTION)
        dossier = Dossier.objects.create(
            guichet=guichet,
            collectivite=commune,
            cree_par=membre,
            etat=etat,
            titre=titre,
            description=titre,
            montant_demande=Decimal(montant),
            cout_eligible=Decimal(montant * 2),
            donnees=donnees,
            depose_le=None if etat == Etat.BROUILLON else timezone.now(),
        )
        if etat != Etat.EN_INSTRUCTION:
            continue
        for i, critere in enumerate(Critere.values):
            Note.objects.create(
                dossier=dossier,
                critere=critere,
                note=3 + i % 3,
                justification="Appréciation de la préfecture (démonstration).",
                par=admin,
            )
        if etape.startswith("accepte"):
            instruction.accepter(
                dossier=dossier,
                par=admin,
                montant=Decimal(montant),
                mode="crte" if not lab else "convention",
                reference_crte="CRTE-71-003" if not lab else "",
            )
        elif etape == "refuse":
            dossiers.refuser(
                dossier=dossier,
                par=admin,
                motivation="Le projet relève d'une refonte éditoriale, hors du champ du fonds.",
            )
        contexte.comptes.append((membre.email, "Maire", commune.nom))
    contexte.adresses += [
        ("Axe 3 — vue nationale", "/territoires/"),
        ("Axe 3 — vue régionale Bourgogne-Franche-Comté", "/territoires/regions/27/vue/"),
    ]
