/* Map page, time: the time control (year steps: each venture with the status it had on 31 December
 * of the chosen year, `as_of=YYYY-12-31` in the URL; the last step is today, no as_of), the national
 * timeline (ventures by status at each year's end, from /api/v1/stats/?<filters>: a small SVG chart
 * and the same numbers as a table), and the "data as of" line. Exposed as window.jv.mapTime.create(ctx).
 * Text reaches the page through textContent only; the words come from the page's config (translated). */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};
  var el = jv.dom.el;
  var SVG_NS = "http://www.w3.org/2000/svg";
  // The control rests this long after the last step before the map follows (arrow keys, a drag).
  var SETTLE_MS = 300;

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function words(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) { return String(values[name]); });
  }

  function create(ctx) {
    var config = ctx.config, time = config.time, text = config.text;
    var hidden = document.getElementById("f-as-of");
    var range = document.getElementById("f-as-of-year");
    var shown = document.getElementById("f-as-of-shown");
    var todayButton = document.getElementById("f-as-of-today");
    var chartBox = document.getElementById("timeline-chart");
    var tableBox = document.getElementById("timeline-table");
    var dataAsOf = document.getElementById("data-as-of");
    var settleTimer = null, timelineRequest = 0;

    function describe(asOf) {
      if (!asOf) return text.today;
      if (/-12-31$/.test(asOf)) return words(text.end_of_year, { year: asOf.slice(0, 4) });
      return jv.format.preciseDate(asOf, "day"); // a day from a shared link, in the page's language
    }

    // The control from the form's as_of (the URL's): after loading, the back button, a reset.
    function syncFromForm() {
      var asOf = hidden.value;
      var year = asOf ? Number(asOf.slice(0, 4)) : time.this_year;
      range.value = String(Math.max(time.first_year, Math.min(time.this_year, year)));
      var label = describe(asOf);
      shown.textContent = label;
      range.setAttribute("aria-valuetext", label);
      todayButton.hidden = !asOf;
    }

    range.addEventListener("input", function () {
      var year = Number(range.value);
      hidden.value = year >= time.this_year ? "" : year + "-12-31";
      syncFromForm();
      clearTimeout(settleTimer);
      // Steps in quick succession make one history entry (the "as_of" source coalesces them).
      settleTimer = setTimeout(function () { ctx.onFiltersChanged("as_of"); }, SETTLE_MS);
    });
    // The range has no name: its change is handled above, not by the form's change listener.
    range.addEventListener("change", function (e) { e.stopPropagation(); });
    todayButton.addEventListener("click", function () {
      clearTimeout(settleTimer);
      hidden.value = "";
      syncFromForm();
      range.focus();
      ctx.onFiltersChanged(null);
    });

    function reset() {
      clearTimeout(settleTimer);
      hidden.value = "";
      syncFromForm();
    }

    /* ---------- the national timeline ---------- */

    function statusesIn(rows) {
      return config.statuses.map(function (pair) { return pair[0]; }).filter(function (status) {
        return rows.some(function (row) { return row.by_status[status]; });
      });
    }

    function drawChart(rows, statuses) {
      jv.dom.clear(chartBox);
      if (!rows.length) {
        chartBox.appendChild(el("p", { className: "hint", text: text.timeline_empty }));
        return;
      }
      var width = 300, height = 110, bottom = 14, top = 4;
      var most = Math.max.apply(null, rows.map(function (row) { return row.total; }).concat([1]));
      var step = width / rows.length, barWidth = Math.max(1, step - (step > 4 ? 1 : 0));
      var summary = words(text.timeline_summary, { first: rows[0].year, last: rows[rows.length - 1].year });
      var chart = svg("svg", {
        viewBox: "0 0 " + width + " " + height, role: "img", "aria-labelledby": "timeline-chart-desc",
        class: "timeline-svg", preserveAspectRatio: "none"
      });
      var desc = svg("desc", { id: "timeline-chart-desc" });
      desc.textContent = summary + " " + rows.map(function (row) { return row.year + ": " + row.total; }).join(", ") + ".";
      chart.appendChild(desc);
      var selected = hidden.value ? Number(hidden.value.slice(0, 4)) : null;
      rows.forEach(function (row, i) {
        var x = i * step, y = height - bottom;
        var group = svg("g", { "data-year": String(row.year) });
        if (selected === row.year) group.setAttribute("class", "timeline-selected");
        statuses.forEach(function (status) {
          var n = row.by_status[status] || 0;
          if (!n) return;
          var h = ((height - bottom - top) * n) / most;
          y -= h;
          var rect = svg("rect", {
            x: x.toFixed(2), y: y.toFixed(2), width: barWidth.toFixed(2), height: h.toFixed(2),
            fill: (jv.symbols.STATUS_STYLE[status] || jv.symbols.STATUS_STYLE[""]).color
          });
          var title = svg("title");
          title.textContent = row.year + ": " + (ctx.labels.status[status] || status) + " " + n;
          rect.appendChild(title);
          group.appendChild(rect);
        });
        chart.appendChild(group);
      });
      [rows[0], rows[rows.length - 1]].forEach(function (row, end) {
        var label = svg("text", {
          x: end ? String(width) : "0", y: String(height - 2), "text-anchor": end ? "end" : "start",
          class: "timeline-year", "aria-hidden": "true"
        });
        label.textContent = String(row.year);
        chart.appendChild(label);
      });
      chartBox.appendChild(chart);
    }

    function drawTable(rows, statuses) {
      jv.dom.clear(tableBox);
      if (!rows.length) return;
      var head = el("tr", null, [el("th", { scope: "col", text: text.year })].concat(
        statuses.map(function (status) { return el("th", { scope: "col", text: ctx.labels.status[status] || status }); }),
        [el("th", { scope: "col", text: text.total })]
      ));
      var body = el("tbody", null, rows.map(function (row) {
        return el("tr", null, [el("th", { scope: "row", text: String(row.year) })].concat(
          statuses.map(function (status) { return el("td", { text: String(row.by_status[status] || 0) }); }),
          [el("td", { text: String(row.total) })]
        ));
      }));
      tableBox.appendChild(el("table", { className: "timeline-table", id: "timeline-data" }, [el("thead", null, [head]), body]));
    }

    function loadTimeline(filters) {
      var id = ++timelineRequest;
      var qs = filters.toString();
      jv.mapData.fetchJSON(config.api_stats_url + (qs ? "?" + qs : "")).then(function (body) {
        if (id !== timelineRequest) return;
        var rows = body.timeline || [];
        var statuses = statusesIn(rows);
        drawChart(rows, statuses);
        drawTable(rows, statuses);
        chartBox.setAttribute("data-ready", "true");
      }, function () {
        if (id !== timelineRequest) return;
        drawChart([], []);
        drawTable([], []);
        chartBox.setAttribute("data-ready", "true");
      });
      chartBox.setAttribute("data-ready", "false");
    }

    // When the data last changed: the GeoJSON's `data_as_of` member (ISO, UTC), minutes shown.
    function showDataAsOf(iso) {
      if (!iso) return;
      dataAsOf.setAttribute("datetime", iso);
      dataAsOf.textContent = iso.slice(0, 16).replace("T", " ") + " UTC";
    }
    showDataAsOf(time.data_as_of);

    ctx.time = { syncFromForm: syncFromForm, reset: reset, loadTimeline: loadTimeline, showDataAsOf: showDataAsOf };
  }

  jv.mapTime = { create: create };
})();
