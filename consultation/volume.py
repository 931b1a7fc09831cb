"""Volume national de la consultation : un tour en vote avec 10 000 propositions (besoins et
services existants, dans chaque issue), 500 besoins consolidés, des jonctions et des
commentaires, un bulletin par collectivité active et 100 000 soutiens, posés par lots
(`bulk_create`) ; l'effacement et les pages du banc de charge."""

import datetime
from collections import Counter

from fonds.comptes.models import User
from fonds.portail.volume.commun import DOMAINE, LOT, PREFIXE_GUICHET, TITRES, Volume, _effacer

from .enums import DEBUTS, Issue, Phase, Sorte, SortieGroupe
from .models import (
    BesoinConsolide,
    Bulletin,
    Commentaire,
    Etiquette,
    Jonction,
    MouvementGroupe,
    Proposition,
    Soutien,
    Theme,
    Tour,
)
from .models.propositions import garantir_referentiels

SLUG = f"{PREFIXE_GUICHET}consultation"
VOLUMES = {"propositions": 10_000, "groupes": 500, "soutiens": 100_000}
COMPLEMENTS = [
    "pour les petites communes",
    "mutualisé à l'échelle de l'intercommunalité",
    "accessible aux habitants éloignés du numérique",
    "avec les données ouvertes",
    "pour les agents d'accueil",
    "interopérable avec les logiciels métier",
    "en zone rurale",
    "pour les quartiers prioritaires",
]


def _nombre(v: Volume, cle: str) -> int:
    return max(2, round(VOLUMES[cle] * v.echelle))


def consultation(v: Volume) -> None:
    garantir_referentiels()
    themes = list(Theme.objects.all())
    etiquettes = list(Etiquette.objects.all())
    maintenant = v.maintenant
    dates = {
        champ: maintenant + datetime.timedelta(days=30 * (i - 1)) - datetime.timedelta(days=1)
        for i, (_, champ) in enumerate(DEBUTS)
    }
    tour = Tour.objects.create(
        nom="Consultation des collectivités (volume national)",
        slug=SLUG,
        description="Tour du volume national : le vote est ouvert.",
        **dates,
    )
    assert tour.phase() == Phase.VOTE
    anct = v.anct[0] if v.anct else v.admin
    auteurs = [c for c in v.actives if v.membres.get(c[0])]
    guichets = list(v.guichets_dep.values()) or list(v.guichets_axe2)
    n = _nombre(v, "propositions")
    n_groupes = _nombre(v, "groupes")
    groupes = [
        BesoinConsolide(
            tour=tour,
            titre=f"{TITRES[i % len(TITRES)]} — besoin consolidé {i + 1}",
            description="Besoin consolidé par l'ANCT à partir des propositions proches.",
            cout_developpement=v.hasard.randrange(50, 900) * 1000 if i % 3 else None,
            cout_deploiement=v.hasard.randrange(10, 300) * 1000 if i % 3 else None,
            cree_par=anct,
            cree_le=maintenant - datetime.timedelta(days=20),
        )
        for i in range(n_groupes)
    ]
    BesoinConsolide.objects.bulk_create(groupes, batch_size=LOT)
    propositions = []
    for i in range(n):
        c = auteurs[i % len(auteurs)]
        sorte = Sorte.SERVICE if i % 7 == 0 else Sorte.BESOIN
        tirage = v.hasard.random()
        issue = (
            Issue.GARDEE
            if tirage < 0.80
            else Issue.REORIENTEE
            if tirage < 0.97
            else Issue.REJETEE
            if tirage < 0.98
            else Issue.EN_EXAMEN
        )
        titre = f"{TITRES[i % len(TITRES)]} {COMPLEMENTS[(i // len(TITRES)) % len(COMPLEMENTS)]}"
        p = Proposition(
            tour=tour,
            sorte=sorte,
            titre=f"{titre} ({i + 1})",
            probleme="Les démarches se font encore au guichet et sur papier ; les agents "
            "ressaisissent tout."
            if sorte == Sorte.BESOIN
            else "",
            concernes="Les habitants et les agents d'accueil." if sorte == Sorte.BESOIN else "",
            ce_qu_il_fait="Un service en ligne déjà en production."
            if sorte == Sorte.SERVICE
            else "",
            operateurs="La collectivité et ses voisines." if sorte == Sorte.SERVICE else "",
            licence="EUPL 1.2" if sorte == Sorte.SERVICE else "",
            auteur=v.hasard.choice(v.membres[c[0]]),
            collectivite_id=c[0],
            deposee_le=maintenant - datetime.timedelta(days=v.hasard.randrange(32, 60)),
            issue=issue,
            raison="Hors du champ de la consultation." if issue == Issue.REJETEE else "",
            guichet=v.hasard.choice(guichets) if issue == Issue.REORIENTEE else None,
            decidee_le=maintenant - datetime.timedelta(days=31)
            if issue != Issue.EN_EXAMEN
            else None,
            groupe=groupes[i % n_groupes] if issue == Issue.GARDEE and i % 8 else None,
        )
        p.texte_recherche = p.calculer_texte_recherche()
        propositions.append(p)
    Proposition.objects.bulk_create(propositions, batch_size=LOT)
    liens_themes = Proposition.themes.through
    liens_themes.objects.bulk_create(
        (
            liens_themes(proposition_id=p.pk, theme_id=themes[i % len(themes)].pk)
            for i, p in enumerate(propositions)
        ),
        batch_size=LOT,
    )
    liens_etiquettes = Proposition.etiquettes.through
    liens_etiquettes.objects.bulk_create(
        (
            liens_etiquettes(proposition_id=p.pk, etiquette_id=etiquettes[i % len(etiquettes)].pk)
            for i, p in enumerate(propositions)
            if i % 3 == 0
        ),
        batch_size=LOT,
    )
    MouvementGroupe.objects.bulk_create(
        (
            MouvementGroupe(
                proposition=p, groupe=p.groupe, sens=SortieGroupe.ENTREE, par=anct, le=p.deposee_le
            )
            for p in propositions
            if p.groupe is not None
        ),
        batch_size=LOT,
    )
    _jonctions_et_commentaires(v, propositions, auteurs)
    _soutiens(v, tour, groupes, propositions)
    Proposition.objects.filter(tour=tour).indexer_recherche()


def _jonctions_et_commentaires(v, propositions, auteurs) -> None:
    jonctions, commentaires, vus = [], [], set()
    for i in range(len(propositions)):
        p = propositions[v.hasard.randrange(len(propositions))]
        c = auteurs[v.hasard.randrange(len(auteurs))]
        if c[0] != p.collectivite_id and (p.pk, c[0]) not in vus:
            vus.add((p.pk, c[0]))
            jonctions.append(Jonction(proposition=p, collectivite_id=c[0], par=v.membres[c[0]][0]))
        if i % 4 == 0:
            commentaires.append(
                Commentaire(
                    proposition=p,
                    auteur=v.membres[c[0]][0],
                    texte="Nous avons le même problème ; un service commun nous aiderait.",
                )
            )
    Jonction.objects.bulk_create(jonctions, batch_size=LOT)
    par_proposition = Counter(j.proposition.pk for j in jonctions)
    for p in propositions:
        p.nb_jonctions = par_proposition.get(p.pk, 0)
    Proposition.objects.bulk_update(
        [p for p in propositions if p.nb_jonctions], ["nb_jonctions"], batch_size=LOT
    )
    Commentaire.objects.bulk_create(commentaires, batch_size=LOT)


def _soutiens(v, tour, groupes, propositions) -> None:
    """Un bulletin par collectivité active ; les soutiens répartis pour en faire 100 000."""
    votantes = list(v.actives)
    seules = [p for p in propositions if p.issue == Issue.GARDEE and p.groupe is None]
    cibles = [(g.pk, None) for g in groupes] + [(None, p.pk) for p in seules[:200]]
    cible_total = _nombre(v, "soutiens")
    moyenne = max(1, min(len(cibles), round(cible_total / max(1, len(votantes)))))
    bulletins, soutiens = [], []
    for c in votantes:
        pk, nature, _dep, region, population = c
        k = min(len(cibles), max(1, round(v.hasard.gauss(moyenne, moyenne / 3))))
        choix = v.hasard.sample(cibles, k)
        membre = v.membres.get(pk)
        b = Bulletin(
            tour=tour,
            collectivite_id=pk,
            modifie_par=membre[0] if membre else v.admin,
            modifie_le=v.maintenant - datetime.timedelta(hours=v.hasard.randrange(1, 600)),
            nb_soutiens=k,
        )
        bulletins.append(b)
        for g, p in choix:
            soutiens.append(
                Soutien(
                    bulletin=b,
                    tour=tour,
                    collectivite_id=pk,
                    groupe_id=g,
                    proposition_id=p,
                    nature=nature,
                    population=population or 0,
                    region_id=region,
                    cree_le=b.modifie_le,
                )
            )
    Bulletin.objects.bulk_create(bulletins, batch_size=LOT)
    Bulletin.history.bulk_history_create(bulletins, default_user=v.admin, batch_size=LOT)
    for s in soutiens:
        s.bulletin_id = s.bulletin.pk
    Soutien.objects.bulk_create(soutiens, batch_size=LOT)


def effacer(comptes) -> None:
    tours = Tour.objects.filter(slug__startswith=PREFIXE_GUICHET)
    Soutien.objects.filter(tour__in=tours).delete()
    _effacer(Bulletin, Bulletin.objects.filter(tour__in=tours))
    propositions = Proposition.objects.filter(tour__in=tours)
    MouvementGroupe.objects.filter(proposition__in=propositions).delete()
    Jonction.objects.filter(proposition__in=propositions).delete()
    _effacer(Commentaire, Commentaire.objects.filter(proposition__in=propositions))
    Proposition.themes.through.objects.filter(proposition__in=propositions).delete()
    Proposition.etiquettes.through.objects.filter(proposition__in=propositions).delete()
    _effacer(Proposition, propositions)
    _effacer(BesoinConsolide, BesoinConsolide.objects.filter(tour__in=tours))
    _effacer(Tour, tours)


def membre_votant(tour):
    """Un membre vérifié du volume d'une commune qui a un bulletin (le banc le change)."""
    b = (
        Bulletin.objects.filter(
            tour=tour, collectivite__nature="commune", modifie_par__isnull=False
        )
        .filter(modifie_par__email__endswith=DOMAINE)
        .select_related("collectivite", "modifie_par")
        .order_by("pk")
        .first()
    )
    return b


def pages_du_banc(session) -> list[tuple[str, str, str]]:
    from django.urls import reverse

    tour = Tour.objects.filter(slug=SLUG).first()
    if tour is None:
        return []
    anct = (
        User.objects.filter(email__endswith=DOMAINE, habilitations__role="anct")
        .order_by("pk")
        .first()
    )
    b = membre_votant(tour)
    p = Proposition.objects.filter(tour=tour, issue=Issue.GARDEE).order_by("pk").first()
    n = Proposition.objects.filter(tour=tour).count()
    pages = [
        ("Consultation : résultats (public)", reverse("consultation:resultats", args=[SLUG]), ""),
        (
            f"Consultation : propositions ({n}), recherche (public)",
            reverse("consultation:propositions", args=[SLUG]) + "?q=rendez-vous+en+ligne",
            "",
        ),
        (
            "Consultation : une proposition (public)",
            reverse("consultation:proposition", args=[p.uuid]),
            "",
        ),
    ]
    if anct:
        pages.append(
            (
                "Consultation : doublons suggérés (ANCT)",
                reverse("consultation:regroupement", args=[SLUG]) + f"?proposition={p.uuid}",
                session(anct.email),
            )
        )
    if b:
        pages.append(
            (
                "Consultation : bulletin (membre)",
                reverse("consultation:bulletin", args=[SLUG])
                + f"?collectivite={b.collectivite.uuid}",
                session(b.modifie_par.email),
            )
        )
    return pages
