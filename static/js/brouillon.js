/*
 * Enregistrement automatique du brouillon pendant la saisie (amélioration progressive :
 * sans JavaScript, le bouton « Enregistrer le brouillon » fait la même chose).
 * Envoie les champs texte (pas les fichiers) deux secondes après la dernière frappe.
 */
(function () {
  "use strict";
  var form = document.getElementById("formulaire-dossier");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var adresse = form.getAttribute("data-autosauvegarde");
  var etat = document.getElementById("etat-autosauvegarde");
  var minuteur = null;
  var enCours = false;
  var aRefaire = false;

  function afficher(texte) {
    if (etat) {
      etat.textContent = texte;
    }
  }

  function enregistrer() {
    if (enCours) {
      aRefaire = true;
      return;
    }
    enCours = true;
    var donnees = new FormData(form);
    Array.prototype.slice.call(form.querySelectorAll("input[type=file]")).forEach(function (champ) {
      donnees.delete(champ.name);
    });
    afficher("Enregistrement…");
    fetch(adresse, {
      method: "POST",
      body: donnees,
      credentials: "same-origin",
      headers: { "X-CSRFToken": donnees.get("csrfmiddlewaretoken"), Accept: "application/json" },
    })
      .then(function (reponse) {
        return reponse.json().then(function (corps) {
          if (reponse.ok) {
            afficher("Brouillon enregistré à " + corps.enregistre_a + ".");
          } else if (corps.erreur) {
            // Refusé avant le formulaire (un caractère nul, un envoi trop volumineux).
            afficher(corps.erreur);
          } else {
            afficher("Brouillon enregistré à " + (corps.enregistre_a || "?") +
              ", sauf les champs en erreur : corrigez-les avant de déposer.");
          }
        });
      })
      .catch(function () {
        afficher("Enregistrement automatique impossible pour l'instant : utilisez le bouton « Enregistrer le brouillon ».");
      })
      .finally(function () {
        enCours = false;
        if (aRefaire) {
          aRefaire = false;
          enregistrer();
        }
      });
  }

  form.addEventListener("input", function (evenement) {
    if (evenement.target && evenement.target.type === "file") {
      return;
    }
    window.clearTimeout(minuteur);
    minuteur = window.setTimeout(enregistrer, 2000);
  });
})();
