/* Etulinja "help near you" on a programme's landing page: the services on the
   programme's topics are in the page, hidden, each with the codes of the municipalities
   where it is available (data-munis); this shows those of the municipality the reader
   types (a name in Finnish or Swedish, or the three-digit code). Nothing is sent
   anywhere. The choice is kept on this device (localStorage) only when the reader ticks
   "remember", and "forget my choice" removes it. The finder link gets the municipality
   too (?kunta=CODE&aihe=TOPIC, as finder.js reads it). Without JavaScript the form stays
   hidden and the page links to the service finder. */
(function () {
  "use strict";
  var form = document.getElementById("etu-near");
  var list = document.getElementById("etu-near-list");
  if (!form || !list) { return; }
  var KEY = "etulinja.near.municipality";
  var field = form.elements.namedItem("municipality");
  var remember = form.elements.namedItem("remember");
  var forget = document.getElementById("etu-near-forget");
  var status = document.getElementById("etu-near-status");
  var finder = document.getElementById("etu-near-finder");
  var nojs = document.getElementById("etu-near-nojs");
  var finderBase = finder ? finder.getAttribute("href") : "";
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-munis]"));

  // The municipalities (places.js). The reader sends the form when done typing, so a
  // name or code only begun is as unknown as one that is not there.
  var places = window.EtulinjaPlaces("etu-near-municipalities");
  function resolve(typed) { return places.resolve(typed).code || null; }
  function countyOf(code) { var place = places.place(code); return place && place.county; }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // The county is kept beside the municipality, under the key every page that shows
  // a county's own urgent numbers reads (a questionnaire's risk answer: questionnaire.js).
  var COUNTY_KEY = "etulinja.county";

  function store(code) {
    try {
      if (code) {
        window.localStorage.setItem(KEY, code);
        if (countyOf(code)) { window.localStorage.setItem(COUNTY_KEY, countyOf(code)); }
      } else {
        window.localStorage.removeItem(KEY);
        window.localStorage.removeItem(COUNTY_KEY);
      }
    } catch (e) { /* storage refused (private mode): the choice simply is not kept */ }
  }

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function setFinder(code) {
    if (!finder) { return; }
    var joiner = finderBase.indexOf("?") < 0 ? "?" : "&";
    finder.setAttribute("href", code ? finderBase + joiner + "kunta=" + code : finderBase);
  }

  function show(code) {
    var count = 0;
    items.forEach(function (item) {
      var on = Boolean(code) && (" " + item.getAttribute("data-munis") + " ").indexOf(" " + code + " ") >= 0;
      item.hidden = !on;
      if (on) { count += 1; }
    });
    list.hidden = count === 0;
    setFinder(code);
    if (!code) { status.textContent = ""; return; }
    var place = places.name(code);
    status.textContent = fill(form.getAttribute(count ? "data-found" : "data-none"),
                              { place: place, count: count });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = resolve(field.value);
    if (!code) {
      show(null);
      status.textContent = form.getAttribute("data-unknown");
      field.setAttribute("aria-invalid", "true");
      return;
    }
    field.removeAttribute("aria-invalid");
    show(code);
    if (remember.checked) { store(code); forget.hidden = false; } else { store(null); forget.hidden = true; }
  });

  remember.addEventListener("change", function () {
    if (!remember.checked) { store(null); forget.hidden = true; }
  });

  forget.addEventListener("click", function () {
    store(null);
    remember.checked = false;
    field.value = "";
    forget.hidden = true;
    show(null);
    field.focus();
  });

  form.hidden = false;
  if (nojs) { nojs.hidden = true; }
  var kept = stored();
  if (kept && places.name(kept)) {
    field.value = places.name(kept);
    remember.checked = true;
    forget.hidden = false;
    show(kept);
  }
}());
