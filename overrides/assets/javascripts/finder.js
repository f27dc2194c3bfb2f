/* Etulinja service finder: filters the listing already on the page, in the browser.
   Nothing the reader types or chooses is sent anywhere or stored: the choices are kept
   only in this page's address (its query string, which the browser keeps in its history
   and a shared link carries), so Back, a reload, a shared link and the language links
   bring the same filters back. Without JavaScript the form stays hidden and the full
   listing is the page.

   The address uses stable, language-independent keys and codes, the same on every page:
     kunta  municipality code (398)        aihe   topic code, once per topic
     ika    the client's age              alue   county code (catalogue home)
     ryhma  target group code (KR1.3)     taso   group: crisis, helpline, level-0 … level-4
     kieli  service language (sv)
   e.g. ?kunta=398&aihe=substance-use&ika=16 */
(function () {
  "use strict";
  var form = document.getElementById("etu-finder");
  if (!form) { return; }
  var navigate = form.hasAttribute("data-navigate");
  var listing = document.getElementById("etu-listing");
  if (!listing && !navigate) { return; }

  var KEYS = { municipality: "kunta", topic: "aihe", age: "ika", county: "alue",
               group: "ryhma", level: "taso", language: "kieli" };
  var MORE = ["county", "group", "level", "language"]; // behind "more filters"
  var SCOPES = ["local", "regional", "national"];      // nearest first

  var status = document.getElementById("etu-finder-status");
  var notice = document.getElementById("etu-finder-notice");
  var found = document.getElementById("etu-f-municipality-found");
  var relatedNote = document.getElementById("etu-f-topic-related");
  var topicsBox = document.getElementById("etu-finder-topics");
  var topicsSummary = topicsBox ? topicsBox.querySelector("summary") : null;
  var topicsLabel = topicsSummary ? topicsSummary.textContent : "";
  var more = document.getElementById("etu-finder-more");
  var moreSummary = more ? more.querySelector("summary") : null;
  var moreLabel = moreSummary ? moreSummary.textContent : "";
  var municipalityField = form.elements.namedItem("municipality");
  var ageField = form.elements.namedItem("age");
  var topicBoxes = Array.prototype.slice.call(form.querySelectorAll('input[name="topic"]'));
  // The page's own municipality (a municipality page), for the notice.
  var pagePlace = form.getAttribute("data-municipality");

  function text(name) { return form.getAttribute("data-" + name) || ""; }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // ---- municipalities: either national language's name, or the code (places.js:
  // resolve gives {code} for a known municipality, {} while a name is being typed,
  // {unknown: true}; place gives its name, other name, page and county)

  var places = window.EtulinjaPlaces("etu-municipalities");

  // "Porvoo (Borgå)": how the finder names a bilingual municipality
  function shownName(code) {
    var place = places.place(code);
    return place.other ? place.name + " (" + place.other + ")" : place.name;
  }

  function countyName(code) {
    var option = form.querySelector('#etu-f-county option[value="' + code + '"]');
    return option ? option.textContent : "";
  }

  // ---- the choices, from the form

  function selectValue(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value : "";
  }

  function currentChoice() {
    var typed = municipalityField ? municipalityField.value : "";
    var place = places.resolve(typed);
    var topics = topicBoxes.filter(function (box) { return box.checked; })
      .map(function (box) { return box.value; });
    var wanted = {};
    var related = [];
    topics.forEach(function (topic) { wanted[topic] = true; });
    topicBoxes.forEach(function (box) {
      if (!box.checked) { return; }
      (box.getAttribute("data-related") || "").split(" ").forEach(function (topic) {
        if (topic && !wanted[topic]) { wanted[topic] = true; related.push(topic); }
      });
    });
    var age = ageField ? ageField.value.trim() : "";
    var number = age === "" ? NaN : Number(age);
    return {
      typed: typed.trim(), place: place, municipality: place.code || null,
      topics: topics, wanted: wanted, related: related,
      age: isNaN(number) || number < 0 || number > 120 ? null : Math.floor(number),
      county: selectValue("county"), group: selectValue("group"),
      level: selectValue("level"), language: selectValue("language")
    };
  }

  function moreChosen(choice) {
    return MORE.filter(function (name) { return choice[name]; }).length;
  }

  function searching(choice) {
    return Boolean(choice.municipality || choice.topics.length || choice.age !== null ||
                   moreChosen(choice));
  }

  // ---- the address

  function query(choice, withPlace) {
    var params = new URLSearchParams();
    if (withPlace && choice.municipality) { params.set(KEYS.municipality, choice.municipality); }
    choice.topics.forEach(function (topic) { params.append(KEYS.topic, topic); });
    if (choice.age !== null) { params.set(KEYS.age, String(choice.age)); }
    MORE.forEach(function (name) {
      if (choice[name] && (withPlace || name !== "county")) { params.set(KEYS[name], choice[name]); }
    });
    var search = params.toString();
    return search ? "?" + search : "";
  }

  // The header's language links lead to this page in another language: with the same
  // query, the filters survive a language switch.
  var languageLinks = Array.prototype.slice.call(
    document.querySelectorAll(".etu-languages a[hreflang]")).map(function (link) {
    return { link: link, base: link.getAttribute("href").split(/[?#]/)[0] };
  });

  function remember(choice) {
    var search = query(choice, true);
    var address = window.location.pathname + search + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", address);
    }
    languageLinks.forEach(function (item) { item.link.setAttribute("href", item.base + search); });
  }

  // The filters in the address, put into the form: on load, after Back or a reload,
  // from a shared link or a language switch. The address decides, not whatever the
  // browser restored into the fields.
  function restore() {
    var params = new URLSearchParams(window.location.search);
    if (municipalityField) {
      var code = params.get(KEYS.municipality) || "";
      municipalityField.value = places.name(code);
    }
    var topics = {};
    params.getAll(KEYS.topic).forEach(function (value) {
      value.split(",").forEach(function (topic) { topics[topic.trim()] = true; });
    });
    topicBoxes.forEach(function (box) { box.checked = Boolean(topics[box.value]); });
    if (ageField) {
      var age = params.get(KEYS.age) || "";
      ageField.value = /^\d{1,3}$/.test(age) && Number(age) <= 120 ? String(Number(age)) : "";
    }
    var chosenMore = false;
    MORE.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field) { return; }
      var value = params.get(KEYS[name]) || "";
      var known = Array.prototype.some.call(field.options, function (o) { return o.value === value; });
      field.value = known ? value : "";
      if (field.value) { chosenMore = true; }
    });
    if (more && chosenMore) { more.open = true; }
  }

  // ---- what the finder says beside the fields

  function describe(choice) {
    if (found) {
      found.textContent = choice.municipality
        ? fill(text("found"), { name: shownName(choice.municipality), code: choice.municipality })
        : "";
    }
    if (relatedNote) {
      relatedNote.textContent = !choice.related.length ? "" : fill(text("related"), {
        topics: choice.related.map(function (topic) {
          var label = form.querySelector('label[for="etu-f-topic-' + topic + '"]');
          return label ? label.textContent : topic;
        }).join(", ")
      });
    }
    if (topicsSummary) {
      topicsSummary.textContent = choice.topics.length
        ? fill(text("topics-chosen"), { count: String(choice.topics.length) }) : topicsLabel;
    }
    if (moreSummary) {
      var count = moreChosen(choice);
      moreSummary.textContent = count ? fill(text("more-active"), { count: String(count) }) : moreLabel;
    }
  }

  // On a phone the topics wait behind their heading, as the other filters do, so the
  // count and the first results are near; wide screens show them open.
  if (topicsBox && window.matchMedia("(max-width: 44.99em)").matches) { topicsBox.open = false; }

  // ---- national catalogue: the home lists no services; the finder opens the page of
  // the municipality, with the other filters in its address.

  if (navigate) {
    form.hidden = false;
    restore();
    var refresh = function (event) {
      var choice = currentChoice();
      describe(choice);
      status.textContent = choice.place.unknown && event && event.type === "change"
        ? text("unknown") : "";
      remember(choice);
    };
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    form.addEventListener("reset", function () { window.setTimeout(refresh, 0); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var choice = currentChoice();
      if (choice.municipality) {
        window.location.href = places.place(choice.municipality).url + query(choice, false);
      } else {
        status.textContent = text("unknown");
      }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { restore(); refresh(); }
    });
    refresh();
    return;
  }

  // ---- a listing: filter and order it in place

  var items = Array.prototype.slice.call(listing.querySelectorAll(".etu-service-item"));
  var groups = Array.prototype.slice.call(listing.querySelectorAll(".etu-group"));
  var countyTitle = listing.querySelector(".etu-listing__title");
  var national = listing.querySelector('.etu-group[data-group="national"]');

  // Within each list: urgent help, helplines, then care by level (data-order); in each,
  // local before a whole county's before national services; then as the page had them.
  listing.querySelectorAll("ul.etu-services").forEach(function (list) {
    var entries = Array.prototype.slice.call(list.children).map(function (item, index) {
      var scope = SCOPES.indexOf(item.getAttribute("data-scope"));
      return { item: item, index: index,
               key: [Number(item.getAttribute("data-order")) || 0, scope < 0 ? 0 : scope] };
    });
    entries.sort(function (a, b) {
      return a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.index - b.index;
    });
    entries.forEach(function (entry) { list.appendChild(entry.item); });
  });

  function words(item, name) {
    return (item.getAttribute("data-" + name) || "").split(" ");
  }

  function fitsAge(item, age) {
    var min = Number(item.getAttribute("data-age-min"));
    var max = Number(item.getAttribute("data-age-max"));
    if (age >= min && age <= max) { return true; }
    // A service for parents, by their child's age: the client may be the child (the age
    // is in the range) or an adult, a parent, whose own age says nothing of the child's.
    return item.getAttribute("data-age-of") === "child" && age >= 18;
  }

  function matches(item, choice) {
    if (choice.municipality) {
      var munis = item.getAttribute("data-munis");
      if (munis !== "all" && words(item, "munis").indexOf(choice.municipality) < 0) { return false; }
    }
    if (choice.county && item.getAttribute("data-munis") !== "all" &&
        words(item, "counties").indexOf(choice.county) < 0) { return false; }
    if (choice.topics.length &&
        !words(item, "topics").some(function (topic) { return choice.wanted[topic]; })) {
      return false;
    }
    if (choice.group) {
      var served = words(item, "groups");
      // KR1 (all citizens) includes its sub-groups: older people, families, youth.
      var general = choice.group.indexOf("KR1.") === 0 && served.indexOf("KR1") >= 0;
      if (served.indexOf(choice.group) < 0 && !general) { return false; }
    }
    if (choice.level && item.getAttribute("data-group") !== choice.level) { return false; }
    if (choice.language && words(item, "langs").indexOf(choice.language) < 0) { return false; }
    if (choice.age !== null && !fitsAge(item, choice.age)) { return false; }
    return true;
  }

  function update() {
    var choice = currentChoice();
    var shown = {};
    var local = false;
    items.forEach(function (item) {
      var visible = matches(item, choice);
      item.hidden = !visible;
      if (visible) {
        shown[item.getAttribute("data-id")] = true;
        if (item.getAttribute("data-scope") === "local") { local = true; }
      }
    });
    // The catalogue home: for a chosen municipality, its county's services come first
    // and the national ones after them; otherwise the page's own order.
    if (national && countyTitle) {
      if (choice.municipality) {
        listing.appendChild(national);
      } else if (national.nextElementSibling !== countyTitle) {
        listing.insertBefore(national, countyTitle);
      }
    }
    var anyCounty = false;
    groups.forEach(function (group) {
      var visible = group.querySelector(".etu-service-item:not([hidden])") !== null;
      group.hidden = !visible;
      if (visible && group.getAttribute("data-group") !== "national") { anyCounty = true; }
    });
    if (countyTitle) { countyTitle.hidden = !anyCounty; }

    var count = Object.keys(shown).length;
    var place = choice.municipality || pagePlace;
    var placeName = choice.municipality ? shownName(choice.municipality)
      : form.getAttribute("data-municipality-name");
    var county = choice.municipality ? countyName(places.place(choice.municipality).county)
      : form.getAttribute("data-county-name");
    var nothingLocal = Boolean(place) && count > 0 && !local && searching(choice);
    var said = nothingLocal
      ? fill(text("nothing-local"), { municipality: placeName, county: county }) : "";
    if (notice) {
      notice.textContent = said;
      notice.hidden = !nothingLocal;
    }

    var message;
    if (choice.place.unknown) {
      message = text("unknown");
    } else if (count === 0) {
      message = text("none");
    } else {
      message = count === 1 ? text("one") : fill(text("results"), { count: String(count) });
      if (choice.municipality) {
        message = fill(text("results-in"), { place: shownName(choice.municipality), results: message });
      }
    }
    // The notice is heard with the count (the status is a polite live region) and seen
    // in the results, not twice on screen.
    var heard = said ? ". " + said : "";
    if (status.textContent !== message + heard) {
      status.textContent = message;
      if (heard) {
        var extra = document.createElement("span");
        extra.className = "etu-visually-hidden";
        extra.textContent = heard;
        status.appendChild(extra);
      }
    }
    describe(choice);
    remember(choice);
  }

  // "Go to the results": focus what the results begin with (the notice, or the first
  // group's heading), so a keyboard or screen reader user is there too, not only the view.
  var jump = form.querySelector(".etu-finder__jump");
  if (jump) {
    jump.addEventListener("click", function (event) {
      var target = notice && !notice.hidden ? notice : null;
      if (!target) { // the first group as the page now shows them (the home reorders)
        var group = listing.querySelector(".etu-group:not([hidden])");
        target = group ? group.querySelector("h2, h3") : null;
      }
      if (!target) { return; }
      event.preventDefault();
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus();
    });
  }

  form.hidden = false;
  restore();
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  // Back to a page the browser kept whole: the address still decides.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { restore(); update(); }
  });
  update();
}());
