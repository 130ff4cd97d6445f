/* Map page, the list of matching ventures: sorted as the API would sort them, shown a page at a
 * time, each row opening the venture's popup (keyboard reachable). Exposed as
 * window.jv.mapList.create(ctx). */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};
  var el = jv.dom.el, sym = jv.symbols, fmt = jv.format;
  var gettext = jv.i18n.gettext, interpolate = jv.i18n.interpolate;
  var LIST_PAGE = 100;

  // By name: the name the list shows (in the page's language), in that language's order.
  function sortFeatures(features, ordering) {
    var key = ordering.replace(/^-/, ""), desc = ordering.charAt(0) === "-";
    var field = key === "status_date" ? "status_date" : key === "updated_at" ? "updated_at" : "name";
    var collator = new Intl.Collator(fmt.locale(), { sensitivity: "base", numeric: true });
    var keyed = features.map(function (f) {
      return { f: f, k: field === "name" ? fmt.displayName(f.properties) : f.properties[field] || "" };
    });
    keyed.sort(function (a, b) {
      var x = a.k, y = b.k;
      var cmp = field === "name" ? collator.compare(x, y) : x < y ? -1 : x > y ? 1 : 0;
      if (cmp === 0) cmp = collator.compare(a.f.properties.public_id, b.f.properties.public_id);
      return desc ? -cmp : cmp;
    });
    return keyed.map(function (item) { return item.f; });
  }

  function create(ctx) {
    var state = ctx.state, labels = ctx.labels, listEl = ctx.els.list, moreButton = ctx.els.more;

    function row(feature) {
      var p = feature.properties;
      var button = el("button", { type: "button", className: "row-open", "data-public-id": p.public_id }, [
        sym.statusIcon(p.status, 14), " ", el("span", { className: "row-name", text: fmt.displayName(p) })
      ]);
      button.addEventListener("click", function () { focusVenture(feature, button); });
      var meta = el("span", { className: "row-meta", text:
        (labels.sector[p.sector] || p.sector) + " · " + ctx.statusText(p) + " · " +
        (ctx.provinceName(p.province) || p.province_name || gettext("province not known")) +
        (p.province && (p.geometry === null || !feature.geometry) ? " · " + gettext("province only") : "") });
      return el("li", { className: "venture-row" }, [button, meta]);
    }

    function render(reset) {
      if (reset) {
        jv.dom.clear(listEl);
        state.shown = 0;
      }
      var fragment = document.createDocumentFragment();
      var end = Math.min(state.features.length, state.shown + (reset ? LIST_PAGE : LIST_PAGE * 2));
      for (var i = state.shown; i < end; i++) fragment.appendChild(row(state.features[i]));
      listEl.appendChild(fragment);
      state.shown = end;
      moreButton.hidden = state.shown >= state.features.length;
      if (!moreButton.hidden) moreButton.textContent = interpolate(gettext("Show more (%(count)s left)"), { count: fmt.number(state.features.length - state.shown) }, true);
    }

    // The row's venture on the map: past the clusters' zoom, so its own symbol is drawn, and its popup
    // opened with the focus in it (Esc or the close button give the focus back to the row).
    function focusVenture(feature, row) {
      var map = ctx.map;
      // On a phone the panel covers the map: fold it so the popup has the screen.
      if (ctx.narrow && ctx.narrow.matches) ctx.setPanel(false);
      map.invalidateSize();
      var popup;
      if (feature.geometry) {
        var latlng = ctx.layers.latLngOf(feature);
        ctx.state.userMoved = true;
        // Past the clusters' zoom, so the venture's own symbol is drawn.
        map.setView(latlng, Math.max(map.getZoom(), ctx.config.view.venture_zoom, ctx.layers.singleZoom || 0), { animate: false });
        popup = ctx.popups.openVenture(feature, latlng);
      } else {
        var info = ctx.provinceByCode[feature.properties.province];
        var label = info && info.label ? [info.label[1], info.label[0]] : map.getCenter();
        popup = ctx.popups.openVenture(feature, label);
      }
      if (popup) popup._jvReturnFocus = row || null;
      var first = map.getContainer().querySelector(".leaflet-popup-content a, .leaflet-popup-content button");
      if (first) first.focus();
    }

    // Every province with its count of matching ventures, as buttons: the keyboard's way to the
    // provinces (each opens the province's popup).
    function renderProvinces() {
      var box = document.getElementById("province-counts");
      if (!box) return;
      jv.dom.clear(box);
      ctx.config.provinces.forEach(function (info) {
        var polygon = ctx.state.provinceCounts[info.map_polygon];
        var own = polygon ? polygon.members.filter(function (m) { return m.code === info.code; })[0] : null;
        var count = own ? own.count : 0;
        var button = el("button", { type: "button", className: "linklike province-open", "data-code": info.code, text: info.name });
        button.addEventListener("click", function () {
          var target = ctx.provinceByCode[info.map_polygon] || info;
          if (ctx.narrow && ctx.narrow.matches) ctx.setPanel(false);
          var at = target.label ? [target.label[1], target.label[0]] : ctx.map.getCenter();
          var popup = ctx.popups.open(at, ctx.popups.provinceContent(info.map_polygon));
          popup._jvReturnFocus = button;
          var first = ctx.map.getContainer().querySelector(".leaflet-popup-content a, .leaflet-popup-content button");
          if (first) first.focus();
        });
        box.appendChild(el("li", null, [button, el("span", { className: "count", text: " " + fmt.number(count) })]));
      });
      // Ventures known only to be in North Korea: listed, counted here, never pinned nor shaded.
      var unknown = ctx.state.features.filter(function (f) { return !f.properties.province; }).length;
      if (unknown) box.appendChild(el("li", { className: "province-unknown" }, [gettext("Province not known") + " ", el("span", { className: "count", text: fmt.number(unknown) })]));
    }

    moreButton.addEventListener("click", function () { render(false); });

    ctx.list = { sortFeatures: sortFeatures, render: render, renderProvinces: renderProvinces };
  }


  jv.mapList = { create: create, sortFeatures: sortFeatures };
})();
