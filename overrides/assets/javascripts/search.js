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

  function queryFromHash() {
    var match = window.location.hash.match(/[#&]q=([^&]*)/);
    return match ? decodeURIComponent(match[1].replace(/\+/g, " ")) : "";
  }

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

  function render(results, ticket) {
    if (ticket !== latest) { return; }
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title || result.url;
      var heading = document.createElement("p");
      heading.className = "etu-search-results__title";
      heading.appendChild(link);
      var kind = result.meta.kind && page.getAttribute("data-kind-" + result.meta.kind);
      if (kind) {
        var tag = document.createElement("span");
        tag.className = "etu-search-results__kind";
        tag.textContent = result.meta.area ? kind + " \u00b7 " + result.meta.area : kind;
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
    var count = results.length;
    say(count === 0 ? page.getAttribute("data-none") :
        count === 1 ? page.getAttribute("data-one") :
        page.getAttribute("data-results").replace("{count}", String(count)));
  }

  function run(query) {
    var ticket = ++latest;
    unavailable.hidden = true;
    if (!query) { list.textContent = ""; say(""); return; }
    load().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      render(results, ticket);
    }).catch(function () {
      // The index could not be loaded or run: say so, and offer the other ways in.
      list.textContent = "";
      say(page.getAttribute("data-unavailable"));
      unavailable.hidden = false;
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var query = input.value.trim();
      history.replaceState(null, "", query ? "#q=" + encodeURIComponent(query) : "#");
      run(query);
    }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value.trim());
  });
  input.value = queryFromHash();
  run(input.value.trim());
}());
