from django.urls import reverse

from fonds.collectivites.registre import SOURCE_POPULATION
from fonds.comptes import perms


def portail(request):
    """Le menu suit les rôles de la personne connectée (lus une fois par requête)."""
    user = getattr(request, "user", None)
    d = perms.droits(user)
    menu = [("Accueil", reverse("portail:accueil"))]
    if user is not None and user.is_authenticated:
        menu.append(("Mon espace", reverse("portail:mon_espace")))
    # Les guichets ouverts et leurs règles sont publics.
    menu.append(("Guichets", reverse("dossiers:guichets")))
    if user is not None and user.is_authenticated:
        if d.collectivites:
            menu.append(("Mes subventions", reverse("financement:mes_subventions")))
        if perms.peut_voir_financement(user):
            menu.append(("Subventions", reverse("financement:subventions")))
            menu.append(("Enveloppes", reverse("financement:enveloppes")))
        if d.collectivites_en_attente or d.collectivites or d.est_agent:
            menu.append(("Adhésions", reverse("comptes:adhesions")))
        if d.est_agent:
            menu.append(("Conflits d'intérêts", reverse("comptes:conflits")))
        if perms.est_administrateur(user):
            menu.append(("Journal d'audit", reverse("portail:journal_audit")))
        if user.is_staff:  # l'administration de Django demande le statut « équipe »
            menu.append(("Administration", reverse("admin:index")))
    menu.append(("L'argent du fonds", reverse("financement:tableau_de_bord")))
    return {
        "SITE_TITLE": "Fonds « Transformation numérique des territoires »",
        "SITE_TAGLINE": "88 M€ de France Relance pour le numérique des collectivités",
        "menu_principal": menu,
        "droits": d,
        # Toute page qui montre une population dit d'où elle vient.
        "SOURCE_POPULATION": SOURCE_POPULATION,
    }
