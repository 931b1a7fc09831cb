"""Démonstration (commande `demo`) : le fonds, la délégation de l'axe 3 à la région puis au
département, l'enveloppe du guichet de démonstration, la décision du préfet qui fait naître la
subvention et sa convention ; un appel à projets national ouvert. Contribution de
`fonds.financement` (après `fonds.dossiers`, dont elle lit le guichet et les dossiers)."""

import datetime

from django.utils import timezone

from fonds.collectivites.models import Departement, Region
from fonds.comptes.enums import ROLE_DE_L_AXE
from fonds.comptes.models import User
from fonds.dossiers.demo import DOSSIERS_DEMO, GUICHET_SLUG

APPEL_NATIONAL_SLUG = "appel-national-vague-3"


def argent_demo(contexte) -> None:
    enveloppe_21 = _enveloppes()
    _decisions(enveloppe_21)
    _appel_national()


def _enveloppes():
    """Le fonds et ses axes, la délégation de l'axe 3 à la région Bourgogne-Franche-Comté
    puis à la Côte-d'Or."""
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
    return Enveloppe.objects.filter(
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


def _decisions(enveloppe_21) -> None:
    """Le guichet de la Côte-d'Or engage sur l'enveloppe déléguée ; le préfet accepte le dossier
    qui doit l'être : sa subvention naît de la décision, puis sa convention est émise."""
    from fonds.dossiers import services as dossiers
    from fonds.dossiers.models import Dossier, Guichet
    from fonds.financement import services as argent
    from fonds.financement.models import Subvention

    prefet_21 = User.objects.get(email="prefecture21@demo.fonds.gouv.fr")
    Guichet.objects.filter(slug=GUICHET_SLUG, enveloppe=None).update(enveloppe=enveloppe_21)
    a_accepter = [titre for *_, titre, _montant, etat in DOSSIERS_DEMO if etat == "accepte"]
    for dossier in Dossier.objects.filter(
        guichet__slug=GUICHET_SLUG, titre__in=a_accepter, etat="en_instruction"
    ):
        dossiers.accepter(
            dossier=dossier, par=prefet_21, motivation="Projet conforme aux critères du guichet."
        )
    for subvention in Subvention.objects.filter(
        dossier__guichet__slug=GUICHET_SLUG, conventions__isnull=True
    ):
        argent.emettre_convention(subvention=subvention, par=prefet_21)


def _appel_national() -> None:
    """Un appel à projets national ouvert (axe 2), pour que l'orientation mène les
    collectivités qui couvrent un département ou environ 500 000 habitants jusqu'à lui."""
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
        role_instructeur=ROLE_DE_L_AXE[Axe.AXE_2],
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
