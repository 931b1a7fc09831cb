"""Démonstration (commande `demo`) : le fonds, la délégation de l'axe 3 à la région puis au
département, la subvention du dossier accepté et sa convention. Contribution de
`fonds.financement`."""

from fonds.collectivites.models import Departement, Region
from fonds.comptes.models import User
from fonds.dossiers.demo import GUICHET_SLUG


def argent_demo(contexte) -> None:
    """Le fonds et ses axes, la délégation de l'axe 3 à la région Bourgogne-Franche-Comté
    puis à la Côte-d'Or, et la subvention du dossier accepté, avec sa convention."""
    from fonds.dossiers.models import Dossier
    from fonds.financement import services as argent
    from fonds.financement.enums import Axe, NatureEnveloppe
    from fonds.financement.models import Enveloppe, Subvention

    admin = User.objects.get(email="admin@demo.fonds.gouv.fr")
    prefet_region = User.objects.get(email="prefecture-bfc@demo.fonds.gouv.fr")
    prefet_21 = User.objects.get(email="prefecture21@demo.fonds.gouv.fr")
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
    for dossier in Dossier.objects.filter(guichet__slug=GUICHET_SLUG, etat="accepte"):
        reference = str(dossier.uuid)
        if Subvention.objects.filter(reference_dossier=reference).exists():
            continue
        subvention = argent.attribuer_subvention(
            enveloppe=enveloppe_21,
            beneficiaire=dossier.collectivite,
            objet=dossier.titre,
            cout_eligible=dossier.montant_demande,
            taux="80",
            montant=(dossier.montant_demande * 80 / 100).quantize(dossier.montant_demande),
            reference_dossier=reference,
            par=prefet_21,
        )
        argent.emettre_convention(subvention=subvention, par=prefet_21)
