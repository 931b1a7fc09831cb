"""Volume national des appels à projets : les trois volets × trois vagues (neuf appels, chacun
son guichet et son enveloppe fille de l'axe 2), 5 000 dossiers répartis, dont 500
pré-sélectionnés devant la séance du premier appel, avec leur projet et une évaluation soumise
du juré ; posés par lots (`bulk_create`). L'effacement et les pages du banc de charge."""

import datetime
from decimal import Decimal

from django.db.models import F

from fonds.comptes.models import User
from fonds.dossiers.enums import CouvertureDepartement, Etat
from fonds.dossiers.models import Dossier, Guichet
from fonds.enums import Axe
from fonds.financement.enums import NatureEnveloppe, TypeMouvement
from fonds.financement.models import Enveloppe, Mouvement
from fonds.portail.volume.commun import LOT, PREFIXE_GUICHET, Volume, _effacer

from .models.appels import CODE_APPEL, PRESELECTIONNE, Appel, LigneBudget, Projet
from .models.jury import Critere, Evaluation, Jure
from .services.appels import CRITERES, PLANCHER_POPULATION, TAUX, garantir_volets

DOSSIERS = 5000
EN_SEANCE = 500
VAGUES = 3
MONTANT_APPEL = Decimal("3000000")


def _appel(v: Volume, volet, vague: int, part: Decimal) -> Appel:
    axe_2 = Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_2)
    montant = min(part, axe_2.disponible)
    enveloppe = Enveloppe.objects.create(
        nom=f"{volet.nom} — vague {vague} (volume)",
        nature=NatureEnveloppe.APPEL,
        axe=Axe.AXE_2,
        parent=axe_2,
        montant=montant,
    )
    if montant > 0:
        Enveloppe.objects.filter(pk=axe_2.pk).update(montant_delegue=F("montant_delegue") + montant)
        Mouvement.objects.create(
            type=TypeMouvement.DELEGATION,
            source=axe_2,
            destination=enveloppe,
            montant=montant,
            motif="Délégation (volume national)",
            par=v.admin,
        )
    ouverture = v.maintenant - datetime.timedelta(days=400 - 120 * vague)
    guichet = Guichet.objects.create(
        nom=f"{volet.nom} — vague {vague} (volume)",
        slug=f"{PREFIXE_GUICHET}aap-{volet.code}-{vague}",
        axe=Axe.AXE_2,
        type=CODE_APPEL,
        ouverture=ouverture,
        cloture=ouverture + datetime.timedelta(days=90 if vague < VAGUES else 600),
        enveloppe=enveloppe,
        role_instructeur="dinum",
        population_min=PLANCHER_POPULATION,
        marge_population=5,
        couverture_departement=CouvertureDepartement.SUFFIT,
        taux_max=TAUX,
        pieces_requises=["deliberation"],
    )
    appel = Appel.objects.create(
        volet=volet, vague=vague, guichet=guichet, cahier_des_charges="Volume national."
    )
    Critere.objects.bulk_create(
        Critere(appel=appel, libelle=libelle, poids=poids, ordre=i)
        for i, (libelle, poids) in enumerate(CRITERES)
    )
    return appel


def appels(v: Volume) -> None:
    n = max(9, round(DOSSIERS * v.echelle))
    en_seance = max(2, round(EN_SEANCE * v.echelle))
    axe_2 = Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_2)
    # Ce que l'axe 2 laisse libre, en neuf parts (au plus 3 M€ chacune), au centime.
    part = min(
        MONTANT_APPEL, (axe_2.disponible / 9).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    )
    liste = [
        _appel(v, volet, vague, part)
        for volet in garantir_volets()
        for vague in range(1, VAGUES + 1)
    ]
    agent = v.dinum[0] if v.dinum else v.admin
    jure = Jure.objects.create(appel=liste[0], user=agent, president=True, nomme_par=agent)
    dossiers, projets = [], []
    for i in range(n):
        appel = liste[0] if i < en_seance else liste[i % len(liste)]
        c = v.actives[i % len(v.actives)]
        depose = v.maintenant - datetime.timedelta(days=v.hasard.randrange(1, 300))
        cout = Decimal(v.hasard.randrange(100_000, 900_000, 1000))
        dossier = Dossier(
            guichet=appel.guichet,
            collectivite_id=c[0],
            cree_par=v.hasard.choice(v.membres.get(c[0]) or [agent]),
            etat=Etat.EN_INSTRUCTION if i < en_seance else Etat.DEPOSE,
            etape=PRESELECTIONNE if i < en_seance else "",
            titre=f"Projet national {i + 1}",
            description="Projet d'investissement (volume national).",
            montant_demande=cout / 2,
            cout_eligible=cout,
            depose_le=depose,
        )
        dossiers.append(dossier)
        projets.append(
            Projet(
                dossier=dossier,
                appel=appel,
                contexte="Volume national.",
                objectifs="…",
                usagers="…",
                livrables="…",
                calendrier="…",
            )
        )
    Dossier.objects.bulk_create(dossiers, batch_size=LOT)
    Dossier.history.bulk_history_create(dossiers, default_user=agent, batch_size=LOT)
    for p in projets:
        p.dossier_id = p.dossier.pk
    Projet.objects.bulk_create(projets, batch_size=LOT)
    LigneBudget.objects.bulk_create(
        (
            LigneBudget(projet=p, libelle="Développement", montant=p.dossier.cout_eligible)
            for p in projets
        ),
        batch_size=LOT,
    )
    Evaluation.objects.bulk_create(
        (
            Evaluation(
                jure=jure,
                dossier=d,
                soumise_le=v.maintenant,
                note_ponderee=Decimal(v.hasard.randrange(5000, 20000)) / 1000,
            )
            for d in dossiers[:en_seance]
        ),
        batch_size=LOT,
    )
    for appel in liste:
        Dossier.objects.filter(guichet=appel.guichet).indexer_recherche()


def effacer(comptes) -> None:
    """Ce que les appels du volume ont posé ; le socle efface ensuite dossiers, guichets et
    enveloppes (préfixe du volume)."""
    du_volume = {"guichet__slug__startswith": PREFIXE_GUICHET}
    _effacer(
        Evaluation, Evaluation.objects.filter(**{f"dossier__{k}": x for k, x in du_volume.items()})
    )
    _effacer(Jure, Jure.objects.filter(**{f"appel__{k}": x for k, x in du_volume.items()}))
    _effacer(Projet, Projet.objects.filter(**{f"appel__{k}": x for k, x in du_volume.items()}))
    Critere.objects.filter(**{f"appel__{k}": x for k, x in du_volume.items()}).delete()
    _effacer(Appel, Appel.objects.filter(**du_volume))


def pages_du_banc(session) -> list[tuple[str, str, str]]:
    from django.urls import reverse

    appel = Appel.objects.filter(guichet__slug__startswith=PREFIXE_GUICHET).order_by("pk").first()
    if appel is None:
        return []
    jure = Jure.objects.filter(appel=appel).select_related("user").first()
    cookie = session(jure.user.email)
    slug = appel.guichet.slug
    n_seance = appel.guichet.dossiers.filter(etape=PRESELECTIONNE).count()
    n_dossiers = Dossier.objects.filter(guichet__type=CODE_APPEL).count()
    n_appel = appel.guichet.dossiers.count()
    dinum = User.objects.filter(pk=jure.user_id).first()
    return [
        ("Appels à projets (public)", reverse("guichet_national:appels"), ""),
        ("Page d'un appel (public)", reverse("guichet_national:appel", args=[slug]), ""),
        (
            f"Séance du jury ({n_seance} dossiers, DINUM)",
            reverse("guichet_national:appel_seance", args=[slug]),
            session(dinum.email),
        ),
        (
            f"Dossiers d'un appel, 50 par page (DINUM ; {n_appel} dans l'appel, "
            f"{n_dossiers} d'appels au total)",
            reverse("guichet_national:appel_dossiers", args=[slug]),
            cookie,
        ),
        (
            "Mes dossiers à évaluer (juré)",
            reverse("guichet_national:jury_dossiers", args=[slug]),
            cookie,
        ),
    ]
