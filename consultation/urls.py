from django.urls import path

from .views import anct, investigations, passerelle, pilotage, public, recueil, services, tours
from .views import selection as selection_vues

app_name = "consultation"

urlpatterns = [
    path("", public.tours, name="tours"),
    path("propositions/<uuid:uuid>/", public.proposition, name="proposition"),
    path("investigations/<uuid:uuid>/semer/", investigations.semer, name="semer"),
    path("propositions/<uuid:uuid>/joindre/", recueil.joindre, name="joindre"),
    path("propositions/<uuid:uuid>/commenter/", recueil.commenter, name="commenter"),
    path("propositions/<uuid:uuid>/issue/", anct.decider, name="decider"),
    path("propositions/<uuid:uuid>/degrouper/", anct.degrouper, name="degrouper"),
    path("commentaires/<uuid:uuid>/masquer/", anct.masquer, name="masquer"),
    path("groupes/<uuid:uuid>/", public.groupe, name="groupe"),
    path("groupes/<uuid:uuid>/estimer/", anct.estimer, name="estimer"),
    path("ouvrir/", tours.ouvrir, name="ouvrir_tour"),
    path("services/", services.services_retenus, name="services"),
    path("services/<uuid:uuid>/", services.service, name="service"),
    path("services/<uuid:uuid>/volontaire/", services.volontaire, name="volontaire"),
    path("services/<uuid:uuid>/rejoindre/", services.rejoindre, name="rejoindre"),
    path("services/<uuid:uuid>/candidater/", passerelle.candidater, name="candidater"),
    path("services/<uuid:uuid>/pilotage/", pilotage.piloter, name="piloter"),
    path("services/<uuid:uuid>/jalons/", pilotage.ajouter_jalon, name="ajouter_jalon"),
    path("services/<uuid:uuid>/jalons/<int:pk>/", pilotage.changer_jalon, name="changer_jalon"),
    path(
        "services/<uuid:uuid>/gouvernance/",
        pilotage.financer_gouvernance,
        name="financer_gouvernance",
    ),
    path("services/<uuid:uuid>/consulter/", pilotage.consulter_referents, name="consulter"),
    path(
        "services/<uuid:uuid>/volontaires/<int:pk>/decliner/",
        pilotage.decliner_interet,
        name="decliner_interet",
    ),
    path("services/<uuid:uuid>/livrer/", pilotage.livrer, name="livrer"),
    path("questions/<uuid:uuid>/", services.question, name="question"),
    path("territoires-store/", services.store, name="store"),
    path("guichets/<slug:slug>/", selection_vues.guichet_du_comite, name="guichet_du_comite"),
    path("territoires-store/demandes/", pilotage.demandes_store, name="demandes_store"),
    path("<slug:slug>/", public.tour, name="tour"),
    path("<slug:slug>/propositions/", public.propositions, name="propositions"),
    path("<slug:slug>/proposer/", recueil.proposer, name="proposer"),
    path("<slug:slug>/bulletin/", recueil.bulletin, name="bulletin"),
    path("<slug:slug>/resultats/", public.page_resultats, name="resultats"),
    path("<slug:slug>/resultats/soutiens.csv", public.resultats_csv, name="resultats_csv"),
    path("<slug:slug>/resultats/soutiens.json", public.resultats_json, name="resultats_json"),
    path("<slug:slug>/calendrier/", anct.calendrier, name="calendrier"),
    path("<slug:slug>/moderation/", anct.moderation, name="moderation"),
    path("<slug:slug>/regroupement/", anct.regroupement, name="regroupement"),
    path("<slug:slug>/comite/", selection_vues.comite, name="comite"),
    path("<slug:slug>/seance/", selection_vues.seance, name="seance"),
    path("<slug:slug>/decisions/", selection_vues.decisions, name="decisions_comite"),
    path(
        "<slug:slug>/seance/proces-verbal.pdf", selection_vues.proces_verbal, name="proces_verbal"
    ),
    path("<slug:slug>/seance/<uuid:uuid>/", selection_vues.cible, name="selection_cible"),
    path(
        "<slug:slug>/seance/<uuid:uuid>/decision/", selection_vues.decider, name="selection_decider"
    ),
]
