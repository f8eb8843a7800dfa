/*
 * Skab Sammen: progressive enhancement on top of DKFDS.
 * Loaded in <head> so that the "js" class is set before the page is drawn: without it
 * (no JavaScript) the stylesheet shows the mobile menu as a plain block instead of a drawer.
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // The drawer is a modal dialog only when JavaScript can open, close and trap focus in it;
    // a static block must not be announced as a dialog.
    document.querySelectorAll(".mobile-drawer").forEach(function (drawer) {
      drawer.setAttribute("role", "dialog");
      drawer.setAttribute("aria-modal", "true");
    });
  });
})();
