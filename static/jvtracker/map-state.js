/* Map page, URL state and filters: the filters are the API's query parameters and the page URL
 * holds them. Reads the filter form into URLSearchParams and back; keeps the parameters that have no
 * control in the panel (partner=, arrangement=, in_bbox=… from a shared link or a partner page) as
 * removable chips. Exposed as window.jv.mapState.create(ctx). */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};
  var el = jv.dom.el, gettext = jv.i18n.gettext, interpolate = jv.i18n.interpolate;
  var FILTER_PARAMS = ["q", "sector", "status", "form", "province", "partner_country", "status_after", "status_before", "as_of", "active_during", "sanctions"];

  function create(ctx) {
    var form = ctx.els.form, orderingEl = ctx.els.ordering;
    var extraParams = [];

    function paramsFromForm() {
      var params = new URLSearchParams();
      extraParams.forEach(function (pair) { params.append(pair[0], pair[1]); });
      FILTER_PARAMS.forEach(function (name) {
        var fields = form.elements[name];
        if (!fields) return;
        if (fields.tagName === "SELECT" && fields.multiple) {
          Array.prototype.forEach.call(fields.selectedOptions, function (o) { params.append(name, o.value); });
        } else if (fields.length !== undefined && fields.tagName !== "SELECT") {
          Array.prototype.forEach.call(fields, function (f) { if (f.checked) params.append(name, f.value); });
        } else if (fields.value.trim()) {
          params.append(name, fields.value.trim());
        }
      });
      if (orderingEl.value && orderingEl.value !== "name") params.set("ordering", orderingEl.value);
      return params;
    }

    function formFromParams(params) {
      extraParams = [];
      params.forEach(function (value, name) {
        if (FILTER_PARAMS.indexOf(name) === -1 && name !== "ordering") extraParams.push([name, value]);
      });
      renderExtraParams();
      FILTER_PARAMS.forEach(function (name) {
        var fields = form.elements[name], values = params.getAll(name);
        if (!fields) return;
        if (fields.tagName === "SELECT" && fields.multiple) {
          Array.prototype.forEach.call(fields.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
        } else if (fields.length !== undefined && fields.tagName !== "SELECT") {
          Array.prototype.forEach.call(fields, function (f) { f.checked = values.indexOf(f.value) !== -1; });
        } else {
          fields.value = values[0] || "";
        }
      });
      orderingEl.value = params.get("ordering") || "name";
      if (!orderingEl.value) orderingEl.value = "name";
    }

    function renderExtraParams() {
      var box = document.getElementById("extra-filters");
      jv.dom.clear(box);
      box.hidden = !extraParams.length;
      if (!extraParams.length) return;
      box.appendChild(el("span", { text: gettext("Also filtered by:") + " " }));
      extraParams.forEach(function (pair, index) {
        var button = el("button", { type: "button", className: "extra-filter", "aria-label": interpolate(gettext("Remove filter %(filter)s"), { filter: pair[0] + "=" + pair[1] }, true) }, [pair[0] + " = " + pair[1] + " ✕"]);
        button.addEventListener("click", function () {
          extraParams.splice(index, 1);
          renderExtraParams();
          ctx.onFiltersChanged();
        });
        box.appendChild(button);
      });
    }

    function clearExtraParams() {
      extraParams = [];
      renderExtraParams();
    }

    // The filters without the list's sort order: what the API and the province pages filter by.
    function filterQuery(params) {
      var copy = new URLSearchParams(params);
      copy.delete("ordering");
      return copy;
    }

    function updateExportLinks(params) {
      ["csv", "geojson"].forEach(function (format) {
        var p = new URLSearchParams(params);
        p.set("format", format);
        document.getElementById("export-" + format).setAttribute("href", ctx.config.api_ventures_url + "?" + p.toString());
      });
      updateFollowLinks(params);
    }

    // "Follow this view": the Atom feed of the filters (no sort order: a feed is newest first), in
    // the page's <link rel=alternate> too, and the query an e-mail subscription would follow.
    function updateFollowLinks(params) {
      var qs = filterQuery(params).toString();
      var href = ctx.config.feed_url + (qs ? "?" + qs : "");
      ["follow-feed", "feed-alternate"].forEach(function (id) {
        var link = document.getElementById(id);
        if (link) link.setAttribute("href", href);
      });
      var query = document.getElementById("subscribe-query");
      if (query) query.value = qs;
      // Signed out: the sign-in link comes back to this very view.
      var signIn = document.getElementById("follow-sign-in");
      if (signIn) {
        var here = window.location.pathname + (qs ? "?" + qs : "");
        signIn.setAttribute("href", signIn.dataset.loginUrl + "?next=" + encodeURIComponent(here));
      }
    }

    // One history entry per filter change whose value is complete: changes of the same control in
    // quick succession (arrow keys through the province list, a date typed digit by digit) replace
    // the entry they started instead of adding one each.
    var COALESCE_MS = 1500;
    var lastPush = { source: null, at: 0 };
    function pushUrl(params, source) {
      var qs = params.toString();
      if (qs === window.location.search.replace(/^\?/, "")) return;
      var url = (qs ? "?" + qs : window.location.pathname) + window.location.hash;
      var now = Date.now();
      if (source && lastPush.source === source && now - lastPush.at < COALESCE_MS) {
        window.history.replaceState({ jv: true }, "", url);
      } else {
        window.history.pushState({ jv: true }, "", url);
      }
      lastPush = { source: source || null, at: now };
    }

    // The map's view lives in the URL's fragment, #map=zoom/lat/lon (the server and the API never
    // see it), rewritten with replaceState as the reader pans: no history entry per move.
    var VIEW_RE = /(?:^#|&)map=(\d{1,2}(?:\.\d+)?)\/(-?\d{1,2}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)/;
    function readView() {
      var m = VIEW_RE.exec(window.location.hash);
      if (!m) return null;
      var view = { zoom: Number(m[1]), lat: Number(m[2]), lon: Number(m[3]) };
      return Math.abs(view.lat) <= 90 && Math.abs(view.lon) <= 180 ? view : null;
    }
    function writeView(map) {
      var c = map.getCenter();
      var hash = "#map=" + Math.round(map.getZoom()) + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4);
      if (hash === window.location.hash) return;
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search + hash);
    }

    ctx.urlState = {
      paramsFromForm: paramsFromForm,
      formFromParams: formFromParams,
      clearExtraParams: clearExtraParams,
      filterQuery: filterQuery,
      updateExportLinks: updateExportLinks,
      pushUrl: pushUrl,
      readView: readView,
      writeView: writeView
    };
  }

  jv.mapState = { create: create };
})();
