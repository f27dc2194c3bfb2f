/* Etulinja search. The header form sends the reader to the search page with the query in
   the #fragment (never sent to a server). The search page runs Pagefind's index for the
   page's language in the browser and lists results with our own accessible markup. */
(function () {
  "use strict";
  document.documentElement.classList.add("etu-js");

  document.querySelectorAll("form[data-etu-search]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = form.elements.namedItem("q").value.trim();
      window.location.href = form.getAttribute("action") + (query ? "#q=" + encodeURIComponent(query) : "");
    });
  });

  var page = document.getElementById("etu-search-page");
  if (!page) { return; }
  var form = page.querySelector("form");
  var input = form.elements.namedItem("q");
  var status = page.querySelector(".etu-search-page__status");
  var list = page.querySelector(".etu-search-results");
  var unavailable = page.querySelector(".etu-search-page__unavailable");
  var pagefindUrl = new URL(page.getAttribute("data-pagefind"), window.location.href);
  var pagefind = null;
  var latest = 0;
  form.hidden = false;

  function say(text) { status.textContent = text; }

  function fromHash(key) {
    var match = window.location.hash.match(new RegExp("[#&]" + key + "=([^&]*)"));
    return match ? decodeURIComponent(match[1].replace(/\+/g, " ")) : "";
  }

  function queryFromHash() { return fromHash("q"); }

  function load() {
    if (!pagefind) {
      pagefind = import(pagefindUrl.href).then(function (module) {
        // Results carry paths from the site root (every language has its own bundle,
        // /sv/pagefind/ for Swedish): tell Pagefind where that root is.
        var root = new URL(page.getAttribute("data-root"), window.location.href).pathname;
        return module.options({ baseUrl: root }).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is page text with <mark> around the matches. Only that text and
  // those marks are copied into the page: the excerpt is parsed in an inert <template>
  // (nothing in it runs or loads), never assigned to a live element's innerHTML.
  function appendExcerpt(target, excerpt) {
    var inert = document.createElement("template");
    inert.innerHTML = excerpt || "";
    inert.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  // --- Words: the same normalisation as etulinja/reference/search_terms.py ---------
  // NFC, lower case, marks dropped except those of å, ä and ö, anything that is not a
  // letter or digit a space.
  function normalise(text) {
    var out = "";
    String(text).normalize("NFC").toLowerCase().split("").forEach(function (ch) {
      out += "åäö".indexOf(ch) >= 0 ? ch : ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    });
    return out.replace(/[^\p{L}\p{N}*]+/gu, " ").trim().split(/\s+/).filter(Boolean);
  }

  function readJson(name, fallback) {
    try { return JSON.parse(page.getAttribute(name) || ""); } catch (e) { return fallback; }
  }

  // A phrase ("haluan kuol*") occurs in the query's words: whole words in order, a word
  // ending in * matching any word beginning with it, at most GAP other words between
  // two of them ("haluan vaan kuolla"). As phrase_matches in search_terms.py.
  var GAP = 2;

  function wordIs(pattern, word) {
    return pattern.charAt(pattern.length - 1) === "*" ?
      word.indexOf(pattern.slice(0, -1)) === 0 : word === pattern;
  }

  function matchFrom(want, words, start, first) {
    if (!want.length) { return true; }
    var end = first ? words.length : Math.min(words.length, start + GAP + 1);
    for (var at = start; at < end; at++) {
      if (wordIs(want[0], words[at]) && matchFrom(want.slice(1), words, at + 1, false)) {
        return true;
      }
    }
    return false;
  }

  function phraseIn(phrase, words) {
    return matchFrom(phrase.split(" "), words, 0, true);
  }

  var crisisTerms = readJson("data-crisis-terms", []);
  var synonyms = readJson("data-synonyms", {});
  var crisis = document.getElementById("etu-search-crisis");
  var zero = page.querySelector(".etu-search-page__zero");
  var moreRow = page.querySelector(".etu-search-page__more-row");
  var more = page.querySelector(".etu-search-page__more");
  var PAGE_SIZE = 10;

  function isCrisis(words) {
    return crisisTerms.some(function (phrase) { return phraseIn(phrase, words); });
  }

  function rememberedCounty() {
    try { return window.localStorage.getItem("etulinja.county"); } catch (e) { return null; }
  }

  function showCrisis(on) {
    if (!crisis) { return; }
    var county = on ? rememberedCounty() : null;
    crisis.querySelectorAll("[data-etu-county]").forEach(function (list) {
      list.hidden = list.getAttribute("data-etu-county") !== county;
    });
    crisis.hidden = !on;
  }

  // Finnish word forms. Pagefind's Snowball stemmer leaves many inflected forms apart
  // from their base form (consonant gradation: "omahoidon" / "omahoito"; -us/-ukse-:
  // "ahdistukseen" / "ahdistus"), so a Finnish page also searches the forms a typed word
  // may come from: its case ending stripped, the stem's alternation undone. The index
  // itself says which of them are words: only those that match strongly are kept.
  var FINNISH = document.documentElement.lang === "fi";
  var ENDINGS = ["iksi", "ineen", "ista", "istä", "issa", "issä", "illa", "illä", "ille",
    "ilta", "iltä", "iden", "tten", "seen", "ksi", "ssa", "ssä", "sta", "stä", "lla", "llä",
    "lta", "ltä", "lle", "ien", "jen", "iin", "een", "ina", "inä", "ja", "jä", "ta", "tä",
    "na", "nä", "en", "ia", "iä", "a", "ä", "n", "t"];
  var STEMS = [[/uks(e)?$/, "us"], [/yks(e)?$/, "ys"], [/uu[dt]e?$/, "uus"],
    [/yy[dt]e?$/, "yys"], [/ime$/, "in"], [/ise?$/, "inen"]];
  var GRADATION = [[/([aeiouyäö])d([aeiouyäö])$/, "$1t$2"], [/([aeiouyäö])d$/, "$1t"],
    [/([aeiouyäö])v([aeiouyäö])$/, "$1p$2"], [/ng([aeiouyäö]?)$/, "nk$1"],
    [/mm([aeiouyäö]?)$/, "mp$1"], [/nn([aeiouyäö]?)$/, "nt$1"], [/ll([aeiouyäö]?)$/, "lt$1"],
    [/rr([aeiouyäö]?)$/, "rt$1"]];

  function baseForms(word) {
    var found = [];
    if (!FINNISH || word.length < 5) { return found; }
    function add(form) {
      if (form.length >= 4 && form !== word && found.indexOf(form) < 0) { found.push(form); }
    }
    ENDINGS.forEach(function (ending) {
      if (word.length - ending.length < 4 || word.slice(-ending.length) !== ending) { return; }
      var stem = word.slice(0, -ending.length);
      // a stem that alternates ("ahdistuks-") is searched only as its base form: as a
      // prefix it would also match other words ("yksinäisyyt" -> "yksinäisyytensä")
      var alternates = STEMS.filter(function (rule) { return rule[0].test(stem); });
      alternates.forEach(function (rule) { add(stem.replace(rule[0], rule[1])); });
      if (alternates.length) { return; }
      GRADATION.forEach(function (rule) {
        if (rule[0].test(stem)) { add(stem.replace(rule[0], rule[1])); }
      });
      add(stem);
    });
    return found.slice(0, 6);
  }

  // The queries run: what was typed, the base forms it may come from, and the words its
  // everyday words map to (data/search_synonyms.yml), each searched on its own.
  function variants(words) {
    var found = [words.join(" ")];
    function add(query) { if (found.indexOf(query) < 0) { found.push(query); } }
    if (words.length === 1) {
      baseForms(words[0]).forEach(add);
    } else {
      add(words.map(function (word) { return baseForms(word)[0] || word; }).join(" "));
    }
    Object.keys(synonyms).forEach(function (phrase) {
      if (phraseIn(phrase, words)) { synonyms[phrase].forEach(add); }
    });
    return found;
  }

  function commonPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a.charAt(n) === b.charAt(n)) { n++; }
    return n;
  }

  // How a query's results matched. When a word is not in the index, Pagefind falls
  // back to the longest indexed word the query word begins with, however short
  // ("masentunut" -> "ma"), and does so for every result of that query alike. The words
  // a result matched are those at its locations. A query word whose best match shares
  // three letters or fewer with it matched only a fragment: dropped. One sharing less
  // than half of it matched a part: dropped when that part is a short word of four
  // letters ("itsemurha" -> "itse", "yksinäisyyteen" -> "yksi"), else listed last
  // (a compound's first part: "päihdeongelmaan" -> "päihde").
  function strength(words, data) {
    var text = (data.content || "").split(/\s+/);
    var matched = [];
    (data.locations || []).forEach(function (at) {
      var word = normalise(text[at] || "").join("");
      if (word && matched.indexOf(word) < 0) { matched.push(word); }
    });
    if (!matched.length) { return "strong"; }
    var verdict = "strong";
    words.forEach(function (word) {
      if (word.length <= 3) { return; }
      var best = 0;
      matched.forEach(function (m) { best = Math.max(best, commonPrefix(word, m)); });
      if (best <= 3 || (best <= 4 && best * 2 < word.length)) { verdict = "drop"; }
      else if (verdict === "strong" && best * 2 < word.length) { verdict = "weak"; }
    });
    return verdict;
  }

  // Each query's verdict is judged on its first results' data (the fallback is the
  // same for all its results); the results of the kept queries are merged, strong first.
  function collect(module, words) {
    var queries = variants(words);
    return Promise.all(queries.map(function (query) {
      return module.search(query).then(function (search) {
        var results = search.results;
        return Promise.all(results.slice(0, 3).map(function (r) { return r.data(); }))
          .then(function (first) {
            var queryWords = normalise(query);
            var verdicts = first.map(function (d) { return strength(queryWords, d); });
            var verdict = !verdicts.length ? "drop" :
              verdicts.indexOf("strong") >= 0 ? "strong" :
              verdicts.indexOf("weak") >= 0 ? "weak" : "drop";
            return { verdict: verdict, results: results };
          });
      });
    })).then(function (searches) {
      // The strong query with the most results first: for an inflected form, its base
      // form, so the typed form's top result is the base form's (ties: what was typed).
      var order = searches.map(function (s, n) { return n; }).sort(function (a, b) {
        return (searches[b].results.length - searches[a].results.length) || (a - b);
      });
      var seen = {};
      var merged = [];
      var kept = [];
      ["strong", "weak"].forEach(function (verdict) {
        order.forEach(function (n) {
          var s = searches[n];
          if (s.verdict !== verdict) { return; }
          kept.push(queries[n]);
          s.results.forEach(function (r) {
            if (!seen[r.id]) { seen[r.id] = true; merged.push(r); }
          });
        });
      });
      return { results: merged, queries: kept };
    });
  }

  // --- Kinds of result: articles, services, self-care, other pages ------------------
  // Each indexed page says its kind to Pagefind as a filter (data-pagefind-filter
  // "type:service"). The kept queries are run again per kind, which loads no page's
  // data, only the small filter index: the ids found say each result's kind, so every
  // count is exact before anything is shown.
  var TYPES = ["article", "service", "self-care", "page"];
  var typesBox = page.querySelector(".etu-search-page__types");
  var typeInputs = Array.prototype.slice.call(typesBox.querySelectorAll("input[name=tyyppi]"));

  function kinds(module, queries) {
    return Promise.all(TYPES.map(function (type) {
      return Promise.all(queries.map(function (query) {
        return module.search(query, { filters: { type: type } });
      })).then(function (searches) {
        var ids = {};
        searches.forEach(function (s) { s.results.forEach(function (r) { ids[r.id] = true; }); });
        return ids;
      });
    })).then(function (found) {
      var byType = {};
      TYPES.forEach(function (type, n) { byType[type] = found[n]; });
      return byType;
    });
  }

  function chosenType() {
    var checked = typeInputs.filter(function (input) { return input.checked; })[0];
    return checked ? checked.value : "all";
  }

  // The kinds with their counts; only the kinds found are offered, and the choice only
  // when results are of more than one kind.
  function showTypes(results, byType, wanted) {
    var counts = { all: results.length };
    TYPES.forEach(function (type) {
      counts[type] = results.filter(function (r) { return byType[type][r.id]; }).length;
    });
    var offered = TYPES.filter(function (type) { return counts[type] > 0; });
    if (!counts[wanted]) { wanted = "all"; }
    typeInputs.forEach(function (input) {
      var label = typesBox.querySelector('label[for="' + input.id + '"]');
      label.textContent = label.getAttribute("data-label").replace("{count}", String(counts[input.value] || 0));
      input.parentNode.hidden = input.value !== "all" && !counts[input.value];
      input.checked = input.value === wanted;
    });
    typesBox.hidden = offered.length < 2;
    return typesBox.hidden ? "all" : wanted;
  }

  function ofType(results, byType, type) {
    if (type === "all") { return results; }
    return results.filter(function (r) { return byType[type][r.id]; });
  }

  function kindText(meta) {
    var kind = meta.kind && page.getAttribute("data-kind-" + meta.kind);
    if (!kind) { return ""; }
    var within = meta.area && page.getAttribute("data-kind-" + meta.kind + "-in");
    if (within) { return within.replace("{area}", meta.area); }
    return meta.area ? kind + " \u00b7 " + meta.area : kind;
  }

  function renderItems(results) {
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title || result.url;
      var heading = document.createElement("p");
      heading.className = "etu-search-results__title";
      heading.appendChild(link);
      var kind = kindText(result.meta);
      if (kind) {
        var tag = document.createElement("span");
        tag.className = "etu-search-results__kind";
        tag.textContent = kind;
        heading.appendChild(document.createTextNode(" "));
        heading.appendChild(tag);
      }
      var excerpt = document.createElement("p");
      excerpt.className = "etu-search-results__excerpt";
      appendExcerpt(excerpt, result.excerpt);
      item.appendChild(heading);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }

  var pending = [];  // results not shown yet, for "show more"
  var found = null;  // the last search's {results, byType}, for choosing a kind

  function showNext(ticket, focusFirst) {
    var next = pending.slice(0, PAGE_SIZE);
    pending = pending.slice(PAGE_SIZE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (results) {
      if (ticket !== latest) { return; }
      var before = list.children.length;
      renderItems(results);
      moreRow.hidden = pending.length === 0;
      if (focusFirst && list.children[before]) {
        // the reader asked for more: take them to the first new result
        list.children[before].querySelector("a").focus();
      }
    });
  }

  function run(query) {
    var ticket = ++latest;
    page.removeAttribute("data-searched");
    unavailable.hidden = true;
    var words = normalise(query);
    showCrisis(words.length > 0 && isCrisis(words));
    zero.hidden = true;
    moreRow.hidden = true;
    typesBox.hidden = true;
    pending = [];
    found = null;
    if (!words.length) { list.textContent = ""; say(""); page.setAttribute("data-searched", ""); return; }
    var module = null;
    load().then(function (loaded) {
      module = loaded;
      return collect(module, words);
    }).then(function (collected) {
      return kinds(module, collected.queries).then(function (byType) {
        return { results: collected.results, byType: byType };
      });
    }).then(function (result) {
      if (ticket !== latest) { return; }
      found = result;
      zero.hidden = result.results.length !== 0;
      // the crisis answer already gives the urgent numbers
      zero.querySelector(".etu-search-page__urgent").hidden = !crisis.hidden;
      zero.querySelector(".etu-search-page__urgent-title").hidden = !crisis.hidden;
      var type = showTypes(result.results, result.byType, fromHash("tyyppi") || "all");
      return showType(ticket, type);
    }).then(function () {
      // done: what tests (and anything else watching) wait for
      if (ticket === latest) { page.setAttribute("data-searched", query); }
    }).catch(function () {
      if (ticket !== latest) { return; }
      // The index could not be loaded or run: say so, and offer the other ways in.
      list.textContent = "";
      say(page.getAttribute("data-unavailable"));
      unavailable.hidden = false;
      page.setAttribute("data-searched", query);
    });
  }

  // The results of one kind (or all), from the first: the status says how many.
  function showType(ticket, type) {
    list.textContent = "";
    var results = ofType(found.results, found.byType, type);
    var count = results.length;
    pending = results;
    say(count === 0 ? page.getAttribute("data-none") :
        count === 1 ? page.getAttribute("data-one") :
        page.getAttribute("data-results").replace("{count}", String(count)));
    return showNext(ticket, false);
  }

  function keepInAddress(query, type) {
    var hash = query ? "#q=" + encodeURIComponent(query) +
      (type && type !== "all" ? "&tyyppi=" + encodeURIComponent(type) : "") : "#";
    if (hash !== (window.location.hash || "#")) { history.replaceState(null, "", hash); }
  }

  typeInputs.forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (!found || !radio.checked) { return; }
      var query = input.value.trim();
      keepInAddress(query, radio.value);
      var ticket = latest;
      page.removeAttribute("data-searched");
      showType(ticket, radio.value).then(function () {
        if (ticket === latest) { page.setAttribute("data-searched", query); }
      });
    });
  });

  more.addEventListener("click", function () { showNext(latest, true); });

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var query = input.value.trim();
      keepInAddress(query, null);  // a new query shows every kind again
      run(query);
    }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value.trim());
  });
  // A new query in the address (the header's search box on this very page, the back
  // button) is searched too.
  window.addEventListener("hashchange", function () {
    var query = queryFromHash();
    if (query.trim() !== input.value.trim()) {
      input.value = query;
      run(query.trim());
    }
  });
  input.value = queryFromHash();
  run(input.value.trim());
}());
