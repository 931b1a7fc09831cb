"""Les pages publiques de la consultation : les tours, les propositions (recherche et filtres),
une proposition, un besoin consolidé, les résultats et leurs données ouvertes."""

import csv
import json

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from fonds import pages_en_cache
from fonds.collectivites.models import Region
from fonds.comptes.perms import droits
from fonds.pagination import page_en_une_requete

from .. import perms, resultats
from ..enums import Issue, Sorte, SortieGroupe, StatutCommentaire, Taille
from ..forms import CommentaireForm, EstimationForm, IssueForm, JonctionForm, MasquerForm
from ..models import Commentaire, Etiquette, MouvementGroupe, Proposition, Soutien, Theme, Tour
from .commun import groupe_de, proposition_de, tour_de

PAR_PAGE = 30


@login_not_required
@require_safe
def tours(request):
    return render(
        request,
        "consultation/tours.html",
        {
            "tours": list(Tour.objects.publics()),
            "peut_ouvrir": perms.anime_la_consultation(request.user),
        },
    )


@login_not_required
@require_safe
def tour(request, slug):
    t = tour_de(slug)
    compte = Proposition.objects.filter(tour=t).aggregate(
        total=Count("pk"),
        gardees=Count("pk", filter=Q(issue=Issue.GARDEE)),
    )
    return render(
        request,
        "consultation/tour.html",
        {
            "tour": t,
            "compte": compte,
            "nb_groupes": t.groupes.count(),
            "anime": perms.anime_la_consultation(request.user),
        },
    )


def _filtres(request):
    g = request.GET
    return {
        "q": g.get("q", "").strip()[:200],
        "theme": g.get("theme", ""),
        "etiquette": g.get("etiquette", ""),
        "sorte": g.get("sorte", ""),
        "taille": g.get("taille", ""),
        "region": g.get("region", ""),
        "issue": g.get("issue", ""),
    }


def filtrer(qs, f):
    if f["q"]:
        qs = qs.rechercher(f["q"])
    if f["theme"]:
        qs = qs.filter(themes__code=f["theme"])
    if f["etiquette"]:
        qs = qs.filter(etiquettes__code=f["etiquette"])
    if f["sorte"] in Sorte.values:
        qs = qs.filter(sorte=f["sorte"])
    if f["issue"] in Issue.values:
        qs = qs.filter(issue=f["issue"])
    if f["taille"] in Taille.values:
        qs = qs.de_taille(f["taille"])
    if f["region"].isdigit() and len(f["region"]) < 10:
        qs = qs.de_region(int(f["region"]))
    return qs


@login_not_required
@require_safe
def propositions(request, slug):
    t = tour_de(slug)
    f = _filtres(request)
    qs = filtrer(Proposition.objects.filter(tour=t), f).pour_liste()
    page = page_en_une_requete(qs.order_by("-deposee_le", "-pk"), request.GET.get("page"), PAR_PAGE)
    return render(
        request,
        "consultation/propositions.html",
        {
            "tour": t,
            "page": page,
            "filtres": f,
            "themes": Theme.objects.all(),
            "etiquettes": Etiquette.objects.all(),
            "regions": Region.objects.all(),
            "sortes": Sorte.choices,
            "tailles": Taille.choices,
            "issues": Issue.choices,
        },
    )


@login_not_required
@require_safe
def proposition(request, uuid):
    p = proposition_de(uuid)
    return _page_proposition(request, p)


def _page_proposition(request, p, *, status=200, **formulaires):
    anime = perms.anime_la_consultation(request.user)
    commentaires = Commentaire.objects.filter(proposition=p).select_related("auteur")
    if not anime:
        commentaires = commentaires.filter(statut=StatutCommentaire.PUBLIE)
    d = droits(request.user)
    contexte = {
        "proposition": p,
        "tour": p.tour,
        "themes": list(p.themes.all()),
        "etiquettes": list(p.etiquettes.all()),
        "jonctions": list(p.jonctions.select_related("collectivite")),
        "commentaires": list(commentaires),
        "mouvements": list(p.mouvements.select_related("groupe")),
        "anime": anime,
        "form_jonction": formulaires.get("form_jonction")
        or (JonctionForm(user=request.user) if d.collectivites else None),
        "form_commentaire": formulaires.get("form_commentaire")
        or (CommentaireForm() if request.user.is_authenticated else None),
        "form_issue": formulaires.get("form_issue") or (IssueForm() if anime else None),
        "form_masquer": formulaires.get("form_masquer") or (MasquerForm() if anime else None),
    }
    return render(request, "consultation/proposition.html", contexte, status=status)


@login_not_required
@require_safe
def groupe(request, uuid):
    g = groupe_de(uuid)
    return _page_groupe(request, g)


def _page_groupe(request, g, *, status=200, form_estimation=None):
    anime = perms.anime_la_consultation(request.user)
    membres = list(
        g.propositions.select_related("collectivite")
        .annotate(nb_commentaires=Count("commentaires"))
        .order_by("titre")
    )
    sorties = list(
        MouvementGroupe.objects.filter(groupe=g, sens=SortieGroupe.SORTIE)
        .select_related("proposition__groupe")
        .order_by("-le")
    )
    montrer = g.tour.resultats_publics or anime
    ligne = resultats.lignes(g.tour, groupe=g)[0] if montrer else None
    return render(
        request,
        "consultation/groupe.html",
        {
            "groupe": g,
            "tour": g.tour,
            "membres": membres,
            "sorties": sorties,
            "ligne": ligne,
            "regions": resultats.par_region(g.tour, groupe=g) if montrer else [],
            "anime": anime,
            "form_estimation": form_estimation
            or (
                EstimationForm(
                    initial={
                        "cout_developpement": g.cout_developpement,
                        "cout_deploiement": g.cout_deploiement,
                    }
                )
                if anime
                else None
            ),
        },
        status=status,
    )


def _resultats_visibles(request, t):
    if not (t.resultats_publics or perms.anime_la_consultation(request.user)):
        raise Http404("Les résultats de ce tour ne sont pas encore publics.")


@login_not_required
@require_safe
def page_resultats(request, slug):
    t = tour_de(slug)
    publics = t.resultats_publics or perms.anime_la_consultation(request.user)
    tableau = ""
    if publics:
        numero = request.GET.get("page", "1")
        numero = numero if numero.isdigit() and len(numero) < 6 else "1"
        tableau = pages_en_cache.fragment(
            "consultation-resultats",
            str(t.pk),
            numero,
            pages_en_cache.version(resultats.nom_version(t.pk)),
            rendre=lambda: _tableau(t, numero),
        )
    return render(
        request,
        "consultation/resultats.html",
        {
            "tour": t,
            "publics": publics,
            "tableau": tableau,
            "chiffres": resultats.chiffres(t) if publics else {},
        },
    )


def _tableau(t, numero: str) -> str:
    """Toutes les lignes sont calculées (le classement), une page de 100 est rendue."""
    page = Paginator(resultats.lignes(t), 100).get_page(numero)
    return render_to_string(
        "consultation/includes/tableau_resultats.html",
        {
            "tour": t,
            "page": page,
            "lignes": page.object_list,
            "regions": resultats.par_region(t),
            "tailles": Taille.choices,
        },
    )


class _Tampon:
    def write(self, valeur):
        return valeur


def _soutiens(t):
    return (
        Soutien.objects.filter(tour=t)
        .order_by("pk")
        .values_list(
            "collectivite__nom",
            "collectivite__siren",
            "collectivite__nature",
            "population",
            "region__nom",
            "groupe__uuid",
            "groupe__titre",
            "proposition__uuid",
            "proposition__titre",
            "cree_le",
        )
    )


ENTETES = [
    "collectivite",
    "siren",
    "nature",
    "population",
    "region",
    "groupe_uuid",
    "groupe",
    "proposition_uuid",
    "proposition",
    "date",
]


@login_not_required
@require_safe
def resultats_csv(request, slug):
    t = tour_de(slug)
    _resultats_visibles(request, t)
    ecrivain = csv.writer(_Tampon(), delimiter=";")

    def lignes():
        yield "\ufeff" + ecrivain.writerow(ENTETES)
        for ligne in _soutiens(t).iterator(chunk_size=2000):
            yield ecrivain.writerow(
                [
                    ("" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v))
                    for v in ligne
                ]
            )

    reponse = StreamingHttpResponse(lignes(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="soutiens-{t.slug}.csv"'
    return reponse


@login_not_required
@require_safe
def resultats_json(request, slug):
    t = tour_de(slug)
    _resultats_visibles(request, t)

    def morceaux():
        yield json.dumps({"tour": t.nom, "slug": t.slug, "phase": t.phase()}, ensure_ascii=False)[
            :-1
        ]
        yield ', "soutiens": ['
        premier = True
        for ligne in _soutiens(t).iterator(chunk_size=2000):
            objet = {
                k: (
                    str(v)
                    if k.endswith("uuid") and v
                    else (v.isoformat() if hasattr(v, "isoformat") else v)
                )
                for k, v in zip(ENTETES, ligne, strict=True)
            }
            yield ("" if premier else ",") + json.dumps(objet, ensure_ascii=False)
            premier = False
        yield "]}"

    reponse = StreamingHttpResponse(morceaux(), content_type="application/json; charset=utf-8")
    reponse["Content-Disposition"] = f'inline; filename="soutiens-{t.slug}.json"'
    return reponse
