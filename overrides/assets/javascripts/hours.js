/* Etulinja "open now": says, in the reader's browser, whether each service is open at
   this moment, always in Finnish time (Europe/Helsinki), whatever the device's own zone.
   The build cannot know when a page is read, so it hands over the hours as data:
   every [data-etu-hours] element (partials/etu-catalogue.html, open_now) holds
     {always: bool,
      weekly: [[weekday 0=Monday, "HH:MM" opens, "HH:MM" closes], ...],
      dates: {"YYYY-MM-DD": [["HH:MM", "HH:MM"], ...]},  exception dates: they replace
                                                          the weekly hours; [] = closed
      closed: ["YYYY-MM-DD", ...],                        public holidays it is closed
      until: "YYYY-MM-DD"}                                known up to here
   A time that closes earlier than it opens runs over midnight into the next morning
   (20:00-06:00), and belongs to the day it opens: at 02:00 on Tuesday a Monday
   20:00-06:00 line is open. After `until` the page was not rebuilt: nothing is said
   rather than a guess. Elements stay hidden until filled, so without JavaScript
   nothing is claimed. The words come from the translation table, on this script's
   own tag (data-etu-open). */
(function () {
  "use strict";
  var script = document.currentScript;
  var words;
  try {
    words = JSON.parse((script && script.getAttribute("data-etu-open")) || "null");
  } catch (error) {
    words = null;
  }
  if (!words) { return; }

  var DAY = 24 * 60;
  var AHEAD = 7; // days looked ahead for the next opening: "opens Monday at 8.00"
  var clock = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Helsinki", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23"
  });

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // The calendar day and the minute of the day it is now in Finland.
  function helsinkiNow() {
    var parts = {};
    clock.formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return {
      year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
      minute: (Number(parts.hour) % 24) * 60 + Number(parts.minute)
    };
  }

  // The day `offset` days from today: its ISO date and weekday (0 = Monday).
  function dayAt(today, offset) {
    var date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    return { iso: date.toISOString().slice(0, 10), weekday: (date.getUTCDay() + 6) % 7 };
  }

  function minutes(text) {
    var parts = String(text).split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function time(total) {
    var hour = Math.floor(total / 60);
    var minute = total % 60;
    return fill(words.time, { hour: String(hour), minute: (minute < 10 ? "0" : "") + minute });
  }

  // What the hours say about one day: its own times and why (an exception date, a
  // public holiday it is closed, or the weekly hours).
  function hoursOn(hours, day) {
    var dates = hours.dates || {};
    if (Object.prototype.hasOwnProperty.call(dates, day.iso)) {
      return { kind: "exception", times: dates[day.iso] || [] };
    }
    if ((hours.closed || []).indexOf(day.iso) >= 0) { return { kind: "holiday", times: [] }; }
    if (hours.always) { return { kind: "weekly", times: [["00:00", "24:00"]] }; }
    return {
      kind: "weekly",
      times: (hours.weekly || []).filter(function (entry) { return entry[0] === day.weekday; })
        .map(function (entry) { return [entry[1], entry[2]]; })
    };
  }

  // Open spans from yesterday (its overnight times reach into today) to a week ahead, in
  // minutes from today's midnight, joined where one ends as the next begins. `end` is
  // where knowledge ends: `until`, or the last day looked at.
  function spans(hours, today) {
    var found = [];
    var known = (AHEAD + 1) * DAY;
    for (var offset = -1; offset <= AHEAD; offset += 1) {
      var day = dayAt(today, offset);
      if (hours.until && day.iso > hours.until) { known = offset * DAY; break; }
      hoursOn(hours, day).times.forEach(function (pair) {
        var start = minutes(pair[0]);
        var end = minutes(pair[1]);
        if (end === start) { return; }
        if (end < start) { end += DAY; } // overnight: into the next morning
        found.push([offset * DAY + start, offset * DAY + end]);
      });
    }
    found.sort(function (a, b) { return a[0] - b[0]; });
    var joined = [];
    found.forEach(function (span) {
      var last = joined[joined.length - 1];
      if (last && span[0] <= last[1]) {
        last[1] = Math.max(last[1], span[1]);
      } else {
        joined.push([span[0], span[1]]);
      }
    });
    return { spans: joined, known: known };
  }

  // "at 16.00", "tomorrow at 8.00", "Monday at 8.00": a moment in minutes from today's
  // midnight, with the words for today, tomorrow and a later day. A close at midnight
  // is "24.00" of the day before, as the weekly hours say it.
  function when(today, moment, forms, closing) {
    var offset = Math.floor(moment / DAY);
    var minute = moment - offset * DAY;
    if (closing && minute === 0 && offset > 0) { offset -= 1; minute = DAY; }
    var values = { time: time(minute) };
    if (offset <= 0) { return fill(forms[0], values); }
    if (offset === 1) { return fill(forms[1], values); }
    values.day = words.days[dayAt(today, offset).weekday];
    return fill(forms[2], values);
  }

  function say(hours) {
    var today = helsinkiNow();
    var todayIso = dayAt(today, 0).iso;
    if (hours.until && todayIso > hours.until) { return null; } // a stale page: no guess
    var now = today.minute;
    var found = spans(hours, today);
    var own = hoursOn(hours, dayAt(today, 0));
    var current = found.spans.filter(function (s) { return s[0] <= now && now < s[1]; })[0];
    var text;
    var open = Boolean(current);
    if (current) {
      if (current[1] >= found.known) {
        // open as far as we know: round the clock, or at least beyond what we know
        text = hours.always && own.kind !== "exception" ? words.always : words.open;
      } else {
        text = fill(words.join, {
          status: words.open,
          next: when(today, current[1], [words.closes, words.closes_tomorrow, words.closes_day], true)
        });
      }
    } else {
      var status = own.kind === "holiday" ? words.holiday
        : own.kind === "exception" && own.times.length === 0 ? words.closed_today : words.closed;
      var next = found.spans.filter(function (s) { return s[0] > now; })[0];
      text = !next ? status : fill(words.join, {
        status: status,
        next: when(today, next[0], [words.opens, words.opens_tomorrow, words.opens_day], false)
      });
    }
    if (own.kind === "exception" && own.times.length > 0) {
      text = fill(words.exception, { text: text });
    }
    return { text: text, open: open };
  }

  function update() {
    document.querySelectorAll("[data-etu-hours]").forEach(function (element) {
      var said = null;
      try {
        said = say(JSON.parse(element.getAttribute("data-etu-hours")));
      } catch (error) {
        said = null; // hours this script cannot read: say nothing rather than something wrong
      }
      if (!said) {
        element.hidden = true;
        return;
      }
      element.textContent = said.text;
      element.classList.toggle("etu-open-now--open", said.open);
      element.classList.toggle("etu-open-now--closed", !said.open);
      element.hidden = false;
    });
  }

  update();
  // A page left open (a nurse's tab all day) stays right as the hours turn.
  window.setInterval(update, 60 * 1000);
}());
