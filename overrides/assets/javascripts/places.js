/* Etulinja municipalities: what a reader types in a "type your municipality" field
   (partials/etu-place.html), understood the same way by the service finder (finder.js),
   "help near you" (programme-help.js) and a county's care path (care-path.js). Read from
   the field's suggestion list: one option per municipality (its name in the page's
   language, its code, and what the page's script needs as data-*: other, county, url)
   and, for a bilingual one, one with its name in the other language, labelled with the
   first. Nothing is fetched or sent.

   window.EtulinjaPlaces("etu-municipalities") gives
     resolve(typed)  {code: "398"} for "Lahti", "lahtis", " LAHTI ", "398", "Lahti (Lahtis)";
                     {} for nothing typed or a name or code still being typed ("Lah", "39");
                     {unknown: true} otherwise
     name(code)      the name in the page's language ("" for an unknown code)
     place(code)     {code, name, other, county, url} (null for an unknown code)
   and EtulinjaPlaces.normal(text), how typed text is compared: case, spacing and Unicode
   normalisation ignored. Loaded before the scripts that use it, all deferred. */
(function () {
  "use strict";

  function normal(value) {
    return String(value || "").normalize("NFC").replace(/\s+/g, " ").trim().toLocaleLowerCase();
  }

  function EtulinjaPlaces(listId) {
    // Maps without a prototype: "constructor" typed is not a municipality.
    var places = Object.create(null);   // code -> {code, name, other, county, url}
    var byName = Object.create(null);   // normal name, in either language -> code
    var others = Object.create(null);   // code -> the other language's name, from its option
    var list = document.getElementById(listId);
    var options = list ? list.querySelectorAll("option") : [];
    Array.prototype.forEach.call(options, function (option) {
      var code = option.getAttribute("data-code");
      if (!code) { return; }
      byName[normal(option.value)] = code;
      if (option.hasAttribute("label")) {
        others[code] = option.value;
      } else {
        places[code] = { code: code, name: option.value,
                         other: option.getAttribute("data-other") || "",
                         county: option.getAttribute("data-county"),
                         url: option.getAttribute("data-url") };
      }
    });
    // What a reader may be part way through typing: either name, or "Name (Other)" as
    // the finder shows a bilingual municipality.
    var beginnings = Object.keys(byName);
    Object.keys(places).forEach(function (code) {
      var place = places[code];
      if (!place.other && others[code]) { place.other = others[code]; }
      if (place.other) { beginnings.push(normal(place.name + " (" + place.other + ")")); }
    });

    function resolve(typed) {
      var wanted = normal(typed);
      if (!wanted) { return {}; }
      if (/^\d{1,3}$/.test(wanted)) {
        var code = ("00" + wanted).slice(-3);
        if (places[code]) { return { code: code }; }
        return wanted.length === 3 ? { unknown: true } : {};  // "56" may become "560"
      }
      // "Porvoo (Borgå)", as the finder shows it, is Porvoo, and so is "Borgå (Porvoo)"
      var shown = /^(.*\S)\s*\((.*)\)$/.exec(wanted);
      var match = byName[wanted] || (shown && (byName[shown[1]] || byName[normal(shown[2])]));
      if (match) { return { code: match }; }
      var partial = beginnings.some(function (name) { return name.indexOf(wanted) === 0; });
      return partial ? {} : { unknown: true };
    }

    return {
      resolve: resolve,
      name: function (code) { return places[code] ? places[code].name : ""; },
      place: function (code) { return places[code] || null; }
    };
  }

  EtulinjaPlaces.normal = normal;
  window.EtulinjaPlaces = EtulinjaPlaces;
}());
