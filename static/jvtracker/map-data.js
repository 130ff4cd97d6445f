/* Map page, data loading and the page cache: the API's GeoJSON (markers, list) and province counts
 * (choropleth) for the page's filters, kept a couple of minutes so that undoing a filter, or the
 * back button, redraws without asking the server again. Marks the map ready (data-ready, jv:ready)
 * once it has painted. Exposed as window.jv.mapData.create(ctx). */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};
  var el = jv.dom.el, fmt = jv.format;
  var gettext = jv.i18n.gettext, interpolate = jv.i18n.interpolate;
  var CACHE_MS = 120000;
  // Two entries per filter state (ventures + counts): the last four states, bounded memory.
  var CACHE_ENTRIES = 8;

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { var err = new Error("HTTP " + r.status); err.body = body; throw err; }
        return body;
      }, function () { throw new Error("HTTP " + r.status); });
    });
  }

  function create(ctx) {
    var config = ctx.config, state = ctx.state, els = ctx.els;
    var responseCache = new Map();
    var firstLoad = true;

    function cachedJSON(url) {
      var hit = responseCache.get(url);
      if (hit && Date.now() - hit.at < CACHE_MS) {
        responseCache.delete(url); // least recently used goes first: re-insert at the end
        responseCache.set(url, hit);
        return hit.promise;
      }
      var promise = fetchJSON(url);
      responseCache.set(url, { at: Date.now(), promise: promise });
      promise.catch(function () { responseCache.delete(url); });
      if (responseCache.size > CACHE_ENTRIES) responseCache.delete(responseCache.keys().next().value);
      return promise;
    }

    function setReady(ready) {
      els.map.setAttribute("data-ready", ready ? "true" : "false");
      window.jvReady = ready;
      if (ready) {
        window.jvReadyAt = performance.now(); // read by the benchmark (bench/map.py)
        window.jvDrawCount = (window.jvDrawCount || 0) + 1;
        document.dispatchEvent(new CustomEvent("jv:ready"));
      }
    }

    function showError(body) {
      var errorEl = els.error;
      jv.dom.clear(errorEl);
      errorEl.hidden = !body;
      if (!body) return;
      errorEl.appendChild(el("p", { text: gettext("These filters could not be applied:") }));
      var ul = el("ul");
      if (typeof body === "string") ul.appendChild(el("li", { text: body }));
      else Object.keys(body).forEach(function (k) {
        ul.appendChild(el("li", { text: k + ": " + [].concat(body[k]).join(" ") }));
      });
      errorEl.appendChild(ul);
      // Over the map too: an empty map says why.
      els.status.textContent = gettext("No results:") + " " + (typeof body === "string" ? body :
        Object.keys(body).map(function (k) { return k + ": " + [].concat(body[k]).join(" "); }).join("; "));
    }

    // Beside each sanctions checkbox: how many of the matching ventures raise the flag (a feature's
    // `sanctions` property lists its flags, comma-separated).
    function renderSanctionsCounts(features) {
      var counts = {};
      features.forEach(function (f) {
        (f.properties.sanctions || "").split(",").forEach(function (flag) {
          if (flag) counts[flag] = (counts[flag] || 0) + 1;
        });
      });
      document.querySelectorAll(".sanctions-count").forEach(function (span) {
        span.textContent = "(" + (counts[span.getAttribute("data-flag")] || 0) + ")";
      });
    }

    function rowsOf(body) {
      return body && (Array.isArray(body) ? body : body.results);
    }

    function load(params) {
      var id = ++state.requestId;
      setReady(false);
      var filters = ctx.urlState.filterQuery(params);
      var venturesParams = new URLSearchParams(filters);
      venturesParams.set("format", "geojson");
      var qs = filters.toString();
      var venturesUrl = config.api_ventures_url + "?" + venturesParams.toString();
      var countsUrl = config.api_provinces_url + (qs ? "?" + qs : "");
      if (firstLoad && config.initial_ventures_url) {
        // The very URLs the page preloaded (<link rel=preload>), so the preloaded responses are used.
        venturesUrl = config.initial_ventures_url;
        countsUrl = config.initial_provinces_url;
      }
      firstLoad = false;
      ctx.urlState.updateExportLinks(params);
      ctx.time.loadTimeline(filters);
      els.status.textContent = gettext("Loading ventures…");
      var ventures = cachedJSON(venturesUrl);
      var counts = cachedJSON(countsUrl).catch(function () { return null; });
      var provincesReady = ctx.layers.provincesReady;
      // The counts usually arrive well before the 10,000 features: shade the provinces at once.
      Promise.all([counts, provincesReady]).then(function (results) {
        var rows = rowsOf(results[0]);
        if (rows && id === state.requestId && state.drawnRequest !== id) ctx.layers.applyCounts(rows);
      });
      return Promise.all([ventures, counts, provincesReady]).then(function (results) {
        if (id !== state.requestId) return; // a newer filter change superseded this one
        showError(null);
        var collection = results[0], rows = rowsOf(results[1]);
        ctx.time.showDataAsOf(collection.data_as_of);
        var t0 = performance.now(), profile = window.jvProfile = { dataAt: t0 };
        state.features = ctx.list.sortFeatures(collection.features || [], params.get("ordering") || "name");
        profile.sort = performance.now() - t0;
        state.drawnRequest = id;
        ctx.layers.applyCounts(rows || ctx.layers.countsFromFeatures(state.features));
        profile.counts = performance.now() - t0 - profile.sort;
        ctx.layers.drawMarkers(state.features, collection);
        profile.markers = performance.now() - t0 - profile.sort - profile.counts;
        ctx.list.render(true);
        ctx.list.renderProvinces();
        renderSanctionsCounts(state.features);
        profile.total = performance.now() - t0;
        var n = state.features.length;
        var counts = { count: fmt.number(n), total: fmt.number(config.total) };
        var filtered = !!filters.toString();
        els.summary.textContent = interpolate(config.total_is_published_only
          ? filtered ? gettext("%(count)s of %(total)s published ventures match these filters.") : gettext("%(count)s of %(total)s published ventures match.")
          : filtered ? gettext("%(count)s of %(total)s ventures match these filters.") : gettext("%(count)s of %(total)s ventures match."),
          counts, true);
        var pinned = ctx.layers.pinnedCount();
        // A venture no source places in a province is listed, never pinned nor counted in a province.
        var unplaced = state.features.filter(function (f) { return !f.properties.province; }).length;
        els.status.textContent = interpolate(gettext("%(pinned)s on the map, %(province_only)s known only to their province."),
          { pinned: fmt.number(pinned), province_only: fmt.number(n - pinned - unplaced) }, true) +
          (unplaced ? " " + interpolate(gettext("%(count)s with the province not known."), { count: fmt.number(unplaced) }, true) : "");
        ctx.map.closePopup();
        // Ready once the view has settled and the canvas has painted this frame.
        ctx.layers.whenSettled(function () {
          profile.beforeRaf = performance.now();
          L.Util.requestAnimFrame(function () { profile.raf = performance.now(); if (id === state.requestId) setReady(true); });
        });
      }).catch(function (err) {
        if (id !== state.requestId) return;
        els.summary.textContent = gettext("No results.");
        state.features = [];
        ctx.list.render(true);
        ctx.layers.drawMarkers([]);
        showError(err.body || interpolate(gettext("The ventures could not be loaded (%(error)s). Try again later."), { error: err.message }, true));
        setReady(true);
      });
    }

    ctx.data = { load: load, fetchJSON: fetchJSON };
  }

  jv.mapData = { create: create, fetchJSON: fetchJSON };
})();
