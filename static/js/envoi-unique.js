/*
 * Un seul envoi par formulaire POST : un double clic (ou un second clic pendant que le
 * serveur répond) ne crée pas deux messages, deux versements, deux demandes. Le bouton
 * cliqué est signalé indisponible (aria-disabled) le temps de l'envoi. Sans ce script, le
 * formulaire fonctionne comme avant. Chargé par <script src defer> (CSP, aucun script en ligne).
 */
(function () {
  "use strict";

  // Au-delà, le formulaire redevient utilisable : une réponse qui ne quitte pas la page (un
  // téléchargement) ou un réseau perdu ne doit pas le bloquer pour de bon.
  var DELAI_MS = 8000;

  function liberer(formulaire) {
    delete formulaire.dataset.envoiEnCours;
    formulaire.querySelectorAll('[aria-disabled="true"][data-envoi-unique]').forEach(function (b) {
      b.removeAttribute("aria-disabled");
      b.removeAttribute("data-envoi-unique");
    });
  }

  document.addEventListener("submit", function (evenement) {
    var formulaire = evenement.target;
    if (evenement.defaultPrevented || (formulaire.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    if (formulaire.dataset.envoiEnCours) {
      evenement.preventDefault();
      return;
    }
    formulaire.dataset.envoiEnCours = "1";
    var bouton = evenement.submitter;
    if (bouton) {
      bouton.setAttribute("aria-disabled", "true");
      bouton.setAttribute("data-envoi-unique", "");
    }
    setTimeout(function () {
      liberer(formulaire);
    }, DELAI_MS);
  });

  // Retour arrière : la page restaurée depuis le cache redevient utilisable.
  window.addEventListener("pageshow", function (evenement) {
    if (evenement.persisted) {
      document.querySelectorAll("form[data-envoi-en-cours]").forEach(liberer);
    }
  });
})();
