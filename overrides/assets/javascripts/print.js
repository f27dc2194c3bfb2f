/* "Print a card for the client" on service pages: prints the client card alone (one
   page: the service, how to get in, contacts, the urgent numbers and the page's address)
   instead of the whole page. Without JavaScript the button stays hidden and the
   browser's own printing gives the page without the site's navigation. */
(function () {
  "use strict";
  var root = document.documentElement;
  document.querySelectorAll("[data-etu-print-card]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      root.classList.add("etu-printing-card");
      window.print();
    });
  });
  // window.print() returns before printing ends in some browsers: afterprint is the end.
  window.addEventListener("afterprint", function () {
    root.classList.remove("etu-printing-card");
  });
}());
