/* Etulinja questionnaires and worksheets, in the reader's browser only.

   A questionnaire (partials/etu-questionnaire.html) is scored here by the rule its data
   states: the total is the sum of the chosen answers' values (a reverse-scored item's
   values are already turned round in the page), and its band is the one of the listed
   bands (the same list the page gives for scoring by hand) whose min..max holds it. An
   answer at or above a risk item's threshold shows urgent help at once, in a role=alert
   region, before any score. Answers are kept in localStorage, under the programme (or
   "page" on the questionnaire's own page) and when it was taken (start, end, any), so a
   programme's start and end can be compared; "forget my answers" removes them.

   A worksheet's fields are kept the same way, per programme, step and worksheet; "clear
   my answers" removes them, and "print" prints that sheet alone (print.css).

   Nothing is fetched or sent. Without JavaScript the questionnaire is a list with each
   answer's points and the bands to add up by hand, and the worksheet a form to print. */
(function () {
  "use strict";

  var PREFIX = "etulinja.";
  var WHENS = ["start", "end", "any"];

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;   // private browsing or storage turned off: everything still works
    }
  }
  var store = storage();

  function load(key) {
    if (!store) { return null; }
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }
  function save(key, value) {
    if (store) { try { store.setItem(key, JSON.stringify(value)); } catch (e) { /* full */ } }
  }
  function forget(key) {
    if (store) { store.removeItem(key); }
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // ------------------------------------------------------------ questionnaires

  function Questionnaire(root) {
    this.root = root;
    this.id = root.getAttribute("data-etu-questionnaire");
    this.scope = root.getAttribute("data-etu-scope") || "page";
    this.when = root.getAttribute("data-etu-when") || "any";
    this.highest = root.getAttribute("data-etu-highest");
    this.items = Array.prototype.slice.call(root.querySelectorAll("fieldset[data-etu-item]"));
    this.bands = Array.prototype.slice.call(root.querySelectorAll("[data-etu-band]")).map(
      function (li) {
        return {
          level: li.getAttribute("data-etu-band"),
          min: Number(li.getAttribute("data-min")),
          max: Number(li.getAttribute("data-max")),
          title: li.querySelector("[data-etu-band-title]").textContent,
          text: li.querySelector("[data-etu-band-text]").textContent,
          next: li.querySelector("[data-etu-band-next]").textContent
        };
      });
    this.words = root.querySelector("template[data-etu-q-words]");
    this.result = root.querySelector("[data-etu-q-result]");
    this.hint = root.querySelector("[data-etu-q-hint]");
    this.actions = root.querySelector("[data-etu-q-actions]");
    this.status = root.querySelector("[data-etu-q-status]");
    this.start();
  }

  Questionnaire.prototype.key = function (when) {
    return PREFIX + "questionnaire." + this.scope + "." + this.id + "." + when;
  };

  Questionnaire.prototype.word = function (name) {
    return this.words ? this.words.getAttribute("data-" + name) : "";
  };

  Questionnaire.prototype.answers = function () {
    var answers = {};
    this.items.forEach(function (fieldset) {
      var chosen = fieldset.querySelector("input[type=radio]:checked");
      if (chosen) { answers[fieldset.getAttribute("data-etu-item")] = Number(chosen.value); }
    });
    return answers;
  };

  Questionnaire.prototype.scored = function (answers) {
    var total = 0;
    var complete = this.items.every(function (fieldset) {
      var id = fieldset.getAttribute("data-etu-item");
      if (!Object.prototype.hasOwnProperty.call(answers || {}, id)) { return false; }
      total += answers[id];
      return true;
    });
    if (!complete) { return null; }
    var band = this.bands.filter(function (b) { return b.min <= total && total <= b.max; })[0];
    return band ? { total: total, band: band } : null;
  };

  Questionnaire.prototype.showRisk = function (fieldset) {
    var id = fieldset.getAttribute("data-etu-item");
    var threshold = Number(fieldset.getAttribute("data-etu-risk"));
    var chosen = fieldset.querySelector("input[type=radio]:checked");
    var region = this.root.querySelector('[data-etu-q-alert="' + id + '"]');
    var template = this.root.querySelector('template[data-etu-q-risk="' + id + '"]');
    if (!region || !template) { return; }
    var at = chosen !== null && Number(chosen.value) >= threshold;
    if (!at) { region.textContent = ""; return; }
    if (region.firstChild) { return; }   // already shown: not announced again
    region.appendChild(template.content.cloneNode(true));
    var select = region.querySelector("[data-etu-q-county]");
    if (select) {
      var lists = Array.prototype.slice.call(region.querySelectorAll("[data-etu-county]"));
      var choose = function () {
        lists.forEach(function (list) {
          list.hidden = list.getAttribute("data-etu-county") !== select.value;
        });
      };
      // The reader's county, when they have asked the site to remember it.
      var remembered = store ? store.getItem(PREFIX + "county") : null;
      if (remembered && select.querySelector('option[value="' + remembered + '"]')) {
        select.value = remembered;
      }
      select.addEventListener("change", choose);
      choose();
    }
  };

  Questionnaire.prototype.show = function () {
    var self = this;
    var answers = this.answers();
    var mine = this.scored(answers);
    this.result.textContent = "";
    this.hint.hidden = mine !== null;
    this.actions.hidden = Object.keys(answers).length === 0 && !this.stored();
    if (!mine) { return; }
    var box = element("div", "etu-q-score etu-q-score--" + mine.band.level);
    box.appendChild(element("p", "etu-q-score__title", this.word("result-title")));
    box.appendChild(element("p", "etu-q-score__total",
      fill(this.word("total"), { total: mine.total, highest: this.highest })));
    var band = element("p", "etu-q-score__band");
    band.appendChild(element("strong", "", mine.band.title));
    band.appendChild(document.createTextNode(" " + mine.band.text));
    box.appendChild(band);
    box.appendChild(element("p", "etu-q-score__next", mine.band.next));
    var other = this.when === "start" ? "end" : (this.when === "end" ? "start" : null);
    var then = other ? this.scored((load(this.key(other)) || {}).answers) : null;
    if (then) {
      var start = this.when === "start" ? mine : then;
      var end = this.when === "start" ? then : mine;
      var compare = element("div", "etu-q-score__compare");
      compare.appendChild(element("p", "etu-q-score__title", this.word("compare-title")));
      compare.appendChild(element("p", "", fill(this.word("compare"), {
        start: start.total, start_band: start.band.title,
        end: end.total, end_band: end.band.title
      })));
      box.appendChild(compare);
    }
    box.setAttribute("data-etu-level", mine.band.level);
    box.setAttribute("data-etu-total", String(mine.total));
    self.result.appendChild(box);
  };

  Questionnaire.prototype.stored = function () {
    var self = this;
    return WHENS.some(function (when) { return load(self.key(when)) !== null; });
  };

  Questionnaire.prototype.start = function () {
    var self = this;
    this.root.classList.add("etu-q--js");
    var byHand = this.root.querySelector("[data-etu-q-by-hand]");
    if (byHand) { byHand.open = false; }
    var kept = (load(this.key(this.when)) || {}).answers || {};
    this.items.forEach(function (fieldset) {
      var id = fieldset.getAttribute("data-etu-item");
      if (Object.prototype.hasOwnProperty.call(kept, id)) {
        var radio = fieldset.querySelector('input[type=radio][value="' + kept[id] + '"]');
        if (radio) { radio.checked = true; }
      }
      if (fieldset.hasAttribute("data-etu-risk")) { self.showRisk(fieldset); }
      fieldset.addEventListener("change", function () {
        // Urgent help first, before anything is stored or scored.
        if (fieldset.hasAttribute("data-etu-risk")) { self.showRisk(fieldset); }
        save(self.key(self.when), { answers: self.answers() });
        self.show();
      });
    });
    var button = this.root.querySelector("[data-etu-q-forget]");
    if (button) {
      button.addEventListener("click", function () {
        WHENS.forEach(function (when) { forget(self.key(when)); });
        self.root.querySelectorAll("input[type=radio]").forEach(function (r) { r.checked = false; });
        self.root.querySelectorAll("[data-etu-q-alert]").forEach(function (r) { r.textContent = ""; });
        self.show();
        self.status.textContent = self.word("forgotten");
        var first = self.root.querySelector("input[type=radio]");
        if (first) { first.focus(); }
      });
    }
    this.show();
  };

  // ------------------------------------------------------------ worksheets

  function Worksheet(root) {
    var key = PREFIX + "worksheet." + root.getAttribute("data-etu-worksheet");
    var fields = Array.prototype.slice.call(root.querySelectorAll("[data-etu-field]"));
    var status = root.querySelector("[data-etu-ws-status]");
    var actions = root.querySelector("[data-etu-ws-actions]");
    var told = false;
    var kept = load(key) || {};
    fields.forEach(function (field) {
      var name = field.getAttribute("data-etu-field");
      if (typeof kept[name] === "string") { field.value = kept[name]; }
      field.addEventListener("input", function () {
        var values = {};
        fields.forEach(function (f) {
          if (f.value) { values[f.getAttribute("data-etu-field")] = f.value; }
        });
        if (Object.keys(values).length) { save(key, values); } else { forget(key); }
        if (!told && store) {   // said once, not at every keystroke
          status.textContent = status.getAttribute("data-saved");
          told = true;
        }
      });
    });
    if (actions) { actions.hidden = false; }
    root.querySelector("[data-etu-ws-clear]").addEventListener("click", function () {
      forget(key);
      fields.forEach(function (field) { field.value = ""; });
      status.textContent = status.getAttribute("data-cleared");
      told = false;
      if (fields[0]) { fields[0].focus(); }
    });
    root.querySelector("[data-etu-ws-print]").addEventListener("click", function () {
      document.documentElement.classList.add("etu-printing-sheet");
      root.classList.add("etu-ws--printing");
      window.print();
    });
  }

  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("etu-printing-sheet");
    document.querySelectorAll(".etu-ws--printing").forEach(function (sheet) {
      sheet.classList.remove("etu-ws--printing");
    });
  });

  document.querySelectorAll("[data-etu-questionnaire]").forEach(function (root) {
    new Questionnaire(root);   // eslint-disable-line no-new
  });
  document.querySelectorAll("[data-etu-worksheet]").forEach(function (root) {
    new Worksheet(root);   // eslint-disable-line no-new
  });
}());
