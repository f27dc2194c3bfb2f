/* Etulinja care paths: on a county's path page, the reader types their municipality
   (its name in Finnish or Swedish, or its number) and sees that municipality's version
   of the path: a municipality exception's steps, rendered in the page hidden, and only
   the services available there. Nothing is fetched or sent: the choice is kept only in
   the page's address (?kunta=560), so Back, a reload and a shared link show the same.
   Without JavaScript the form stays hidden; the page lists the exceptions in words and
   says beside each service where it is available. Also the "print the path" button. */
(function () {
  "use strict";

  var printButton = document.querySelector("[data-etu-print-path]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  var form = document.getElementById("etu-path-place");
  if (!form) { return; }
  var field = document.getElementById("etu-path-municipality");
  var status = document.getElementById("etu-path-status");
  var versions = Array.prototype.slice.call(document.querySelectorAll("[data-etu-version]"));
  if (!field || !status || !versions.length) { return; }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // The county's municipalities (places.js): each one's name, and its page (its
  // services, with the finder); resolve gives {code}, {unknown: true} or {} (nothing
  // typed, or a name still being typed).
  var places = window.EtulinjaPlaces("etu-path-municipalities");
  function pageOf(code) { var place = places.place(code); return place ? place.url : null; }

  function versionOf(code) {
    var found = versions[0];
    versions.forEach(function (version) {
      var munis = (version.getAttribute("data-munis") || "").split(" ");
      if (code && munis.indexOf(code) !== -1) { found = version; }
    });
    return found;
  }

  // A step that lists only its first services says how many there are and links to the
  // county's service finder; with a municipality chosen, how many that municipality has
  // (data-counts "398:27 560:3") and its own page's finder with the same filters (the
  // step's level and topics), or nothing when all of them are shown.
  function more(note, code) {
    var link = note.querySelector("a");
    if (!link.hasAttribute("data-text")) {
      link.setAttribute("data-text", link.textContent);
      link.setAttribute("data-href", link.getAttribute("href"));
    }
    if (!code) {
      note.hidden = false;
      link.textContent = link.getAttribute("data-text");
      link.setAttribute("href", link.getAttribute("data-href"));
      return;
    }
    var total = 0;
    (note.getAttribute("data-counts") || "").split(" ").forEach(function (pair) {
      var parts = pair.split(":");
      if (parts[0] === code) { total = Number(parts[1]); }
    });
    var list = note.parentNode.querySelector(".etu-path-services");
    var listed = list ? list.querySelectorAll(".etu-path-service:not([hidden])").length : 0;
    note.hidden = total <= listed;
    var filters = new URL(link.getAttribute("data-href"), window.location.href).search;
    link.setAttribute("href", (pageOf(code) || link.getAttribute("data-href").split("?")[0]) + filters);
    link.textContent = fill(note.getAttribute("data-text"), { name: places.name(code), total: total });
  }

  function show(code) {
    var chosen = versionOf(code);
    versions.forEach(function (version) {
      version.hidden = version !== chosen;
      version.querySelectorAll(".etu-path-service").forEach(function (item) {
        var munis = item.getAttribute("data-munis") || "all";
        item.hidden = Boolean(code) && munis !== "all" && munis.split(" ").indexOf(code) === -1;
      });
      version.querySelectorAll(".etu-path-step__more").forEach(function (note) { more(note, code); });
    });
    return chosen;
  }

  function keep(code) {
    var params = new URLSearchParams(window.location.search);
    if (code) { params.set("kunta", code); } else { params.delete("kunta"); }
    var search = params.toString() ? "?" + params.toString() : "";
    var address = window.location.pathname + search + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", address);
    }
  }

  var said = "";
  function say(text) {
    if (text !== said) { status.textContent = text; said = text; }
  }

  function update() {
    var place = places.resolve(field.value);
    if (place.unknown) {
      field.setAttribute("aria-invalid", "true");
      say(form.getAttribute("data-unknown"));
      return;
    }
    field.removeAttribute("aria-invalid");
    if (!place.code) {
      if (!window.EtulinjaPlaces.normal(field.value)) { show(null); keep(null); say(""); }
      return;
    }
    var chosen = show(place.code);
    keep(place.code);
    var values = { name: places.name(place.code), code: place.code,
                   county: form.getAttribute("data-county") };
    say(fill(form.getAttribute(chosen === versions[0] ? "data-same" : "data-shown"), values));
  }

  // A link to a step (#etu-step-guided-self-care) shows that step in the version shown.
  function followHash() {
    var id = window.location.hash.slice(1);
    var target = id ? document.getElementById(id) : null;
    if (!target || !target.closest("[hidden]")) { return; }
    var visible = versions.filter(function (v) { return !v.hidden; })[0];
    var twin = visible && visible.querySelector('[data-step="' + target.getAttribute("data-step") + '"]');
    if (twin) { twin.scrollIntoView(); }
  }

  form.hidden = false;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });

  var start = new URLSearchParams(window.location.search).get("kunta");
  if (start) {
    field.value = places.name(start) || start;
    update();
    followHash();
  }
}());
