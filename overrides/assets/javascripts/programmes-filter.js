/* Etulinja programme list: filter the programmes on the page by age group and topic, in
   the browser. Nothing is sent or stored; the choices are kept in the address
   (?ryhma=adults&aihe=anxiety) so Back, a reload and a shared link keep them. Without
   JavaScript the form stays hidden and the whole list is the page. */
(function () {
  "use strict";
  var form = document.getElementById("etu-programme-filter");
  var list = document.getElementById("etu-programme-list");
  if (!form || !list) { return; }
  var status = document.getElementById("etu-programme-filter-status");
  var group = form.elements.namedItem("group");
  var topic = form.elements.namedItem("topic");
  var cards = Array.prototype.slice.call(list.querySelectorAll("li[data-topics]"));

  function has(card, name, value) {
    return !value || (" " + card.getAttribute("data-" + name) + " ").indexOf(" " + value + " ") >= 0;
  }

  function known(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function apply(updateAddress) {
    var count = 0;
    cards.forEach(function (card) {
      var on = has(card, "groups", group.value) && has(card, "topics", topic.value);
      card.hidden = !on;
      if (on) { count += 1; }
    });
    var chosen = group.value || topic.value;
    status.textContent = !chosen ? "" : count
      ? form.getAttribute("data-count").replace("{count}", String(count))
      : form.getAttribute("data-none");
    if (updateAddress) {
      var params = new URLSearchParams();
      if (group.value) { params.set("ryhma", group.value); }
      if (topic.value) { params.set("aihe", topic.value); }
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    }
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("ryhma") && known(group, params.get("ryhma"))) { group.value = params.get("ryhma"); }
  if (params.get("aihe") && known(topic, params.get("aihe"))) { topic.value = params.get("aihe"); }
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply(false);
}());
