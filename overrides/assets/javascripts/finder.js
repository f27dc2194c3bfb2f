/* Etulinja service finder: filters the listing already on the page, in the browser.
   Nothing the reader types or chooses is sent anywhere or stored. Without JavaScript
   the form stays hidden and the full listing, grouped by county, is the page. */
(function () {
  "use strict";
  var form = document.getElementById("etu-finder");
  var listing = document.getElementById("etu-listing");
  if (!form || !listing) { return; }
  var status = document.getElementById("etu-finder-status");
  var options = document.querySelectorAll("#etu-municipalities option");
  var byName = {};
  var urlByName = {};
  options.forEach(function (option) {
    byName[option.value.toLocaleLowerCase()] = option.getAttribute("data-code");
    urlByName[option.value.toLocaleLowerCase()] = option.getAttribute("data-url");
  });

  // A field this page's finder does not have counts as "any".
  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value : "";
  }

  if (form.hasAttribute("data-navigate")) {
    // National catalogue: the home lists no services; a municipality opens its page.
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = value("municipality").trim().toLocaleLowerCase();
      if (urlByName[typed]) {
        window.location.href = urlByName[typed];
      } else {
        status.textContent = form.getAttribute("data-unknown");
      }
    });
    return;
  }
  var items = Array.prototype.slice.call(listing.querySelectorAll(".etu-service-item"));
  var groups = Array.prototype.slice.call(listing.querySelectorAll(".etu-group"));
  var countyTitle = listing.querySelector(".etu-listing__title");

  function words(item, name) {
    return (item.getAttribute("data-" + name) || "").split(" ");
  }

  function matches(item, choice) {
    if (choice.municipality) {
      var munis = item.getAttribute("data-munis");
      if (munis !== "all" && words(item, "munis").indexOf(choice.municipality) < 0) { return false; }
    }
    if (choice.county && item.getAttribute("data-munis") !== "all" &&
        words(item, "counties").indexOf(choice.county) < 0) { return false; }
    if (choice.topic && words(item, "topics").indexOf(choice.topic) < 0) { return false; }
    if (choice.group) {
      var served = words(item, "groups");
      // KR1 (all citizens) includes its sub-groups: older people, families, youth.
      var general = choice.group.indexOf("KR1.") === 0 && served.indexOf("KR1") >= 0;
      if (served.indexOf(choice.group) < 0 && !general) { return false; }
    }
    if (choice.level !== "" && item.getAttribute("data-group") !== choice.level) { return false; }
    if (choice.language && words(item, "langs").indexOf(choice.language) < 0) { return false; }
    if (choice.age !== null) {
      var min = Number(item.getAttribute("data-age-min"));
      var max = Number(item.getAttribute("data-age-max"));
      if (choice.age < min || choice.age > max) { return false; }
    }
    return true;
  }

  function currentChoice() {
    var typed = value("municipality").trim().toLocaleLowerCase();
    var age = value("age");
    return {
      typed: typed,
      municipality: typed ? (byName[typed] || null) : null,
      county: value("county"),
      topic: value("topic"),
      group: value("group"),
      level: value("level"),
      language: value("language"),
      age: age === "" || isNaN(Number(age)) ? null : Number(age)
    };
  }

  function update() {
    var choice = currentChoice();
    var shown = {};
    items.forEach(function (item) {
      var visible = matches(item, choice);
      item.hidden = !visible;
      if (visible) { shown[item.getAttribute("data-id")] = true; }
    });
    var anyCounty = false;
    groups.forEach(function (group) {
      var visible = group.querySelector(".etu-service-item:not([hidden])") !== null;
      group.hidden = !visible;
      if (visible && group.getAttribute("data-group") !== "national") { anyCounty = true; }
    });
    if (countyTitle) { countyTitle.hidden = !anyCounty; }
    var count = Object.keys(shown).length;
    var message;
    if (choice.typed && !choice.municipality) {
      message = form.getAttribute("data-unknown");
    } else if (count === 0) {
      message = form.getAttribute("data-none");
    } else if (count === 1) {
      message = form.getAttribute("data-one");
    } else {
      message = form.getAttribute("data-results").replace("{count}", String(count));
    }
    status.textContent = message;
  }

  form.hidden = false;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  update();
}());
