/*
 * Amélioration progressive du champ « collectivité » (CollectiviteWidget) :
 * combobox ARIA 1.2 (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/) qui interroge la
 * vue JSON collectivites:recherche. Sans ce script, le champ reste une saisie libre résolue
 * par le serveur. Aucun script en ligne : chargé par <script src defer> (CSP).
 */
(function () {
  "use strict";

  var DELAI = 250;

  function initialiser(conteneur) {
    var saisie = conteneur.querySelector('input[type="text"]');
    var liste = conteneur.querySelector('[role="listbox"]');
    var annonce = conteneur.querySelector('[role="status"]');
    var choix = conteneur.querySelector("[data-autocomplete-choix]");
    if (!saisie || !liste || !annonce) {
      return;
    }
    if (!choix) {
      // Des propositions radio sont affichées : on garde ce mode, sans liste dynamique.
      return;
    }
    var url = conteneur.getAttribute("data-url");
    var resultats = [];
    var actif = -1;
    var minuteur = null;
    var requete = 0;

    saisie.setAttribute("role", "combobox");
    saisie.setAttribute("aria-autocomplete", "list");
    saisie.setAttribute("aria-expanded", "false");
    saisie.setAttribute("aria-controls", liste.id);

    function fermer() {
      liste.hidden = true;
      saisie.setAttribute("aria-expanded", "false");
      saisie.removeAttribute("aria-activedescendant");
      actif = -1;
    }

    function activer(index) {
      var options = liste.querySelectorAll('[role="option"]');
      if (!options.length) {
        return;
      }
      actif = (index + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === actif ? "true" : "false");
      });
      saisie.setAttribute("aria-activedescendant", options[actif].id);
      options[actif].scrollIntoView({ block: "nearest" });
    }

    function retenir(index) {
      var resultat = resultats[index];
      if (!resultat) {
        return;
      }
      saisie.value = resultat.nom;
      choix.value = resultat.uuid;
      fermer();
      annonce.textContent = resultat.nom + " sélectionnée.";
    }

    function afficher(donnees) {
      resultats = donnees;
      liste.textContent = "";
      donnees.forEach(function (resultat, i) {
        var option = document.createElement("li");
        option.id = liste.id + "-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = resultat.nom;
        if (resultat.detail) {
          var detail = document.createElement("span");
          detail.className = "collectivite-autocomplete__detail";
          detail.textContent = resultat.detail;
          option.appendChild(detail);
        }
        option.addEventListener("mousedown", function (evenement) {
          evenement.preventDefault(); // garder le focus dans la saisie
          retenir(i);
        });
        liste.appendChild(option);
      });
      actif = -1;
      saisie.removeAttribute("aria-activedescendant");
      if (donnees.length) {
        liste.hidden = false;
        saisie.setAttribute("aria-expanded", "true");
        annonce.textContent =
          donnees.length +
          (donnees.length > 1 ? " collectivités proposées" : " collectivité proposée") +
          ". Flèches haut et bas pour parcourir, Entrée pour choisir.";
      } else {
        fermer();
        annonce.textContent = "Aucune collectivité ne correspond.";
      }
    }

    function chercher() {
      var texte = saisie.value.trim();
      if (texte.length < 2) {
        afficher([]);
        annonce.textContent = "";
        return;
      }
      var numero = ++requete;
      fetch(url + "?q=" + encodeURIComponent(texte), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (reponse) {
          return reponse.ok ? reponse.json() : { resultats: [] };
        })
        .then(function (donnees) {
          if (numero === requete) {
            afficher(donnees.resultats || []);
          }
        })
        .catch(function () {
          // Hors ligne : la saisie libre reste résolue par le serveur à l'envoi.
        });
    }

    saisie.addEventListener("input", function () {
      choix.value = "";
      clearTimeout(minuteur);
      minuteur = setTimeout(chercher, DELAI);
    });

    saisie.addEventListener("keydown", function (evenement) {
      var ouverte = !liste.hidden;
      switch (evenement.key) {
        case "ArrowDown":
          evenement.preventDefault();
          if (!ouverte && resultats.length) {
            liste.hidden = false;
            saisie.setAttribute("aria-expanded", "true");
          }
          activer(actif + 1);
          break;
        case "ArrowUp":
          evenement.preventDefault();
          activer(actif - 1);
          break;
        case "Enter":
          if (ouverte && actif >= 0) {
            evenement.preventDefault();
            retenir(actif);
          }
          break;
        case "Escape":
          if (ouverte) {
            evenement.preventDefault();
            fermer();
          } else {
            saisie.value = "";
            choix.value = "";
          }
          break;
        default:
          break;
      }
    });

    saisie.addEventListener("blur", function () {
      setTimeout(fermer, 150);
    });
  }

  function demarrer() {
    document.querySelectorAll("[data-autocomplete-collectivite]").forEach(initialiser);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", demarrer);
  } else {
    demarrer();
  }
})();
