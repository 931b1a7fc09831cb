"""Volume national du guichet à forfait : 2 000 forfaits accordés (un FranceConnect et une API
pour 1 000 collectivités), leurs dossiers acceptés, engagements et subventions, posés par
lots (`bulk_create`) ; l'effacement et les pages du banc de charge."""

import datetime
from decimal import Decimal

from django.db.models import F

from fonds.collectivites.models import Departement
from fonds.comptes.models import User
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier, Guichet
from fonds.financement.enums import Axe, NatureEnveloppe, StatutSubvention, TypeMouvement
from fonds.financement.models import Engagement, Enveloppe, Mouvement, Subvention
from fonds.portail.volume.commun import DOMAINE, LOT, PREFIXE_GUICHET, Volume, _effacer

from .models.forfaits import ApiNationale, DemandeForfait, EtatDataPass, SorteForfait
from .models.forfaits import StatutDemande as Statut
from .services.forfaits_guichet import FORFAIT, ouvrir_guichet_forfait

SLUG = f"{PREFIXE_GUICHET}forfaits-franceconnect-api"
FORFAITS = 2000
#: Place laissée libre sur l'enveloppe (quelques forfaits encore possibles au volume).
MARGE = 20


def forfaits(v: Volume) -> None:
    n = max(2, round(FORFAITS * v.echelle))
    beneficiaires = v.actives[: (n + 1) // 2]
    axe_2 = Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_2)
    montant = min(FORFAIT * (n + MARGE), axe_2.disponible)
    n = min(n, int(montant // FORFAIT))
    enveloppe = Enveloppe.objects.create(
        nom="Axe 2 — Forfaits FranceConnect / API (volume)",
        nature=NatureEnveloppe.GUICHET,
        axe=Axe.AXE_2,
        parent=axe_2,
        montant=montant,
        montant_engage=FORFAIT * n,
    )
    Enveloppe.objects.filter(pk=axe_2.pk).update(montant_delegue=F("montant_delegue") + montant)
    Mouvement.objects.create(
        type=TypeMouvement.DELEGATION,
        source=axe_2,
        destination=enveloppe,
        montant=montant,
        motif="Délégation (volume national)",
        par=v.admin,
    )
    guichet = ouvrir_guichet_forfait(
        nom="Forfaits FranceConnect et API nationales (volume)",
        slug=SLUG,
        enveloppe=enveloppe,
        ouverture=v.maintenant - datetime.timedelta(days=400),
    )
    ApiNationale.objects.garantir_celles_de_depart()  # une base vidée par un test les a perdues
    apis = list(ApiNationale.objects.all())
    regions = dict(Departement.objects.values_list("pk", "region_id"))
    agent = v.dinum[0] if v.dinum else v.admin
    lignes = []  # (collectivité, sorte)
    for c in beneficiaires:
        lignes += [(c, SorteForfait.FRANCECONNECT), (c, SorteForfait.API)]
    lignes = lignes[:n]
    dossiers, engagements, subventions, demandes = [], [], [], []
    for i, (c, sorte) in enumerate(lignes):
        depose = v.maintenant - datetime.timedelta(days=v.hasard.randrange(1, 380))
        membre = v.hasard.choice(v.membres.get(c[0]) or [agent])
        api = apis[i % len(apis)] if sorte == SorteForfait.API else None
        titre = f"Forfait {sorte.label} : service en ligne {i + 1}"
        dossier = Dossier(
            guichet=guichet,
            collectivite_id=c[0],
            cree_par=membre,
            etat=Etat.ACCEPTE,
            titre=titre,
            description="Raccordement d'un service en ligne (volume national).",
            montant_demande=FORFAIT,
            categorie=sorte,
            depose_le=depose,
            decide_le=depose,
            motivation="Cahier des charges respecté : forfait accordé automatiquement.",
        )
        engagement = Engagement(
            enveloppe=enveloppe,
            beneficiaire_id=c[0],
            objet=titre,
            montant=FORFAIT,
            montant_initial=FORFAIT,
            cree_par=agent,
        )
        subvention = Subvention(
            dossier=dossier,
            beneficiaire_id=c[0],
            enveloppe=enveloppe,
            engagement=engagement,
            axe=Axe.AXE_2,
            region_id=c[3] or regions.get(c[2]),
            departement_id=c[2],
            objet=titre,
            cout_eligible=FORFAIT,
            taux=Decimal(100),
            montant=FORFAIT,
            statut=StatutSubvention.A_CONVENTIONNER,
            motif_statut="Volume national",
            cree_par=agent,
        )
        demande = DemandeForfait(
            guichet=guichet,
            collectivite_id=c[0],
            dossier=dossier,
            subvention=subvention,
            sorte=sorte,
            statut=Statut.ACCORDEE,
            service_nom=f"Service en ligne {i + 1}",
            service_url=f"https://service-{i + 1}.volume.fonds.test/",
            date_cible=(depose + datetime.timedelta(days=120)).date(),
            demarche="Démarche en ligne" if sorte == SorteForfait.FRANCECONNECT else "",
            api=api,
            reference_datapass=f"DP-{i + 1:06d}",
            etat_datapass=EtatDataPass.OBTENUE,
            contact_nom="Équipe technique",
            contact_email=f"technique-{i + 1}{DOMAINE}",
            maintien_en_production=True,
            deposee_par=membre,
            deposee_le=depose,
            mise_en_service_le=(depose + datetime.timedelta(days=90)).date()
            if i % 3 == 0 and depose < v.maintenant - datetime.timedelta(days=90)
            else None,
        )
        dossiers.append(dossier)
        engagements.append(engagement)
        subventions.append(subvention)
        demandes.append(demande)
    Dossier.objects.bulk_create(dossiers, batch_size=LOT)
    Dossier.history.bulk_history_create(dossiers, default_user=agent, batch_size=LOT)
    Engagement.objects.bulk_create(engagements, batch_size=LOT)
    for s in subventions:
        s.dossier_id, s.engagement_id = s.dossier.pk, s.engagement.pk
    Subvention.objects.bulk_create(subventions, batch_size=LOT)
    Subvention.history.bulk_history_create(subventions, default_user=agent, batch_size=LOT)
    for d in demandes:
        d.dossier_id, d.subvention_id = d.dossier.pk, d.subvention.pk
    DemandeForfait.objects.bulk_create(demandes, batch_size=LOT)
    Dossier.objects.filter(guichet=guichet).indexer_recherche()


def effacer(comptes) -> None:
    """Les demandes du volume ; le socle efface ensuite dossiers, subventions, enveloppes."""
    demandes = DemandeForfait.objects.filter(guichet__slug__startswith=PREFIXE_GUICHET)
    _effacer(DemandeForfait, demandes)


def pages_du_banc(session) -> list[tuple[str, str, str]]:
    from django.urls import reverse

    guichet = Guichet.objects.filter(slug=SLUG).first()
    if guichet is None:
        return []
    demande = DemandeForfait.objects.filter(guichet=guichet).order_by("pk").first()
    dinum = (
        User.objects.filter(email__endswith=DOMAINE, habilitations__role="dinum")
        .order_by("pk")
        .first()
    )
    cookie_dinum = session(dinum.email)
    liste = reverse("guichet_national:forfait_demandes", args=[guichet.slug])
    return [
        (
            "Guichet à forfait (public)",
            reverse("guichet_national:forfait_guichet", args=[SLUG]),
            "",
        ),
        (
            "Demander un forfait (membre)",
            reverse("guichet_national:forfait_demander", args=[SLUG]),
            session(demande.deposee_par.email),
        ),
        (
            "Décision d'un forfait (membre)",
            reverse("guichet_national:forfait_demande", args=[demande.uuid]),
            session(demande.deposee_par.email),
        ),
        (f"Demandes de forfait ({guichet.demandes_forfait.count()}, DINUM)", liste, cookie_dinum),
        (
            "Demandes de forfait filtrées (DINUM)",
            f"{liste}?sorte=api&tri=collectivite",
            cookie_dinum,
        ),
    ]
