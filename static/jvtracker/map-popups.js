/* Map page, popups: one venture (facts, partners, latest source), the ventures sharing a point, and
 * a province (counts by status and sector, the ventures known only to it, the province page link).
 * All text from data goes in through textContent. Exposed as window.jv.mapPopups.create(ctx). */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};
  var el = jv.dom.el, link = jv.dom.link, sym = jv.symbols, fmt = jv.format;
  var gettext = jv.i18n.gettext, ngettext = jv.i18n.ngettext, pgettext = jv.i18n.pgettext;
  var interpolate = jv.i18n.interpolate;
  var PRECISION_NOTE = {
    exact: gettext("Exact site."),
    approximate: gettext("Approximate point (dashed outline)."),
    county: gettext("County-level point: the seat of the county, not the site (dotted ring)."),
    province: gettext("Known only to the province: not drawn as a pin, counted in the province."),
    unknown: gettext("Province not known: only known to be in North Korea; not drawn, not counted in a province.")
  };

  function create(ctx) {
    var config = ctx.config, state = ctx.state, labels = ctx.labels, provinceByCode = ctx.provinceByCode;

    // Popups fit the map: never wider than the screen allows (a 390 px phone included), never taller
    // than most of the map (the content scrolls), panned clear of the edges.
    function open(latlng, content) {
      var size = ctx.map.getSize();
      var width = Math.max(180, Math.min(340, size.x - 64));
      var popup = L.popup({
        maxWidth: width,
        minWidth: Math.min(240, width),
        maxHeight: Math.max(160, Math.min(Math.round(size.y * 0.6), size.y - 140)),
        // Leaflet's own autoPan glides (an animated pan): until it ends, the popup sits under the
        // status line and the zoom buttons, and a tap or the focus lands there. panIntoView jumps.
        autoPan: false,
        className: "jv-popup"
      }).setLatLng(latlng).setContent(content);
      popup.openOn(ctx.map);
      panIntoView(popup);
      return popup;
    }

    // Clear of the zoom buttons and the status line at the top, which sit above popups.
    var PAD_TOP_LEFT = [12, 84], PAD_BOTTOM_RIGHT = [12, 12];

    // The map moved at once so the whole popup is inside the map, clear of the controls (the top
    // and left win when the popup is larger than the room: its title and close button stay in view).
    function panIntoView(popup) {
      var box = popup.getElement();
      if (!box) return;
      var a = box.getBoundingClientRect(), m = ctx.map.getContainer().getBoundingClientRect();
      var left = a.left - m.left, top = a.top - m.top, right = a.right - m.left, bottom = a.bottom - m.top;
      var dx = 0, dy = 0;
      if (right + PAD_BOTTOM_RIGHT[0] > m.width) dx = right + PAD_BOTTOM_RIGHT[0] - m.width;
      if (left - dx < PAD_TOP_LEFT[0]) dx = left - PAD_TOP_LEFT[0];
      if (bottom + PAD_BOTTOM_RIGHT[1] > m.height) dy = bottom + PAD_BOTTOM_RIGHT[1] - m.height;
      if (top - dy < PAD_TOP_LEFT[1]) dy = top - PAD_TOP_LEFT[1];
      if (dx || dy) ctx.map.panBy([Math.round(dx), Math.round(dy)], { animate: false });
    }

    // A tall popup must not run under the legend: fold the legend when the two meet.
    function keepClearOfLegend(popup) {
      var legend = ctx.map.getContainer().querySelector(".legend details[open]");
      var box = popup.getElement();
      if (!legend || !box) return;
      var a = box.getBoundingClientRect(), b = legend.getBoundingClientRect();
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) legend.open = false;
    }

    function ventureContent(feature, back) {
      var p = feature.properties;
      var wrap = el("div", { className: "popup venture-popup", "data-public-id": p.public_id });
      if (back) {
        var backButton = el("button", { type: "button", className: "popup-back", text: gettext("← All ventures here") });
        backButton.addEventListener("click", back);
        wrap.appendChild(backButton);
      }
      wrap.appendChild(el("h3", { className: "popup-title" }, [sym.statusIcon(p.status, 14), " ", link(ctx.ventureUrl(p), fmt.displayName(p))]));
      var dl = el("dl", { className: "facts" });
      function fact(label, value) {
        if (value === null || value === undefined || value === "") return;
        dl.appendChild(el("dt", { text: label }));
        dl.appendChild(typeof value === "string" ? el("dd", { text: value }) : el("dd", null, [value]));
      }
      fact(gettext("Sector"), (sym.SECTOR_LETTER[p.sector] ? sym.SECTOR_LETTER[p.sector] + " · " : "") + (labels.sector[p.sector] || p.sector));
      fact(pgettext("form of a joint venture", "Form"), labels.form[p.form] || p.form || gettext("not reported"));
      fact(gettext("Status"), ctx.statusText(p));
      var province = provinceByCode[p.province];
      var where = [p.place, province ? province.name : p.province_name].filter(Boolean).join(", ");
      fact(gettext("Location"), where + " — " + (PRECISION_NOTE[p.location_precision] || p.location_precision));
      if (p.partners && p.partners.length) {
        var ul = el("ul", { className: "partners" });
        p.partners.forEach(function (partner) {
          var text = fmt.displayName(partner) + " (" + (labels.country[partner.country] || partner.country) + ")";
          ul.appendChild(el("li", null, [partner.id ? link(config.partner_url_prefix + partner.id + "/", text) : el("span", { text: text })]));
        });
        fact(gettext("Partners"), ul);
      } else {
        fact(gettext("Partners"), gettext("none reported"));
      }
      var src = p.latest_source;
      if (src) {
        fact(gettext("Latest source"), el("span", null, [
          (src.publisher || gettext("Unknown publisher")) + (src.published_on ? ", " + src.published_on : "") + ": ",
          link(src.url, src.title || src.url, true)
        ]));
      }
      if (p.source_count) fact(gettext("Sources"), fmt.number(p.source_count));
      wrap.appendChild(dl);
      wrap.appendChild(el("p", { className: "popup-more" }, [link(ctx.ventureUrl(p), gettext("Venture page, with every source →"))]));
      return wrap;
    }

    function openVenture(feature, latlng, back) {
      return open(latlng, ventureContent(feature, back));
    }

    function openGroup(features, latlng) {
      var wrap = el("div", { className: "popup group-popup" });
      wrap.appendChild(el("h3", { className: "popup-title", text: interpolate(ngettext("%(count)s venture at this place", "%(count)s ventures at this place", features.length), { count: fmt.number(features.length) }, true) }));
      var ul = el("ul", { className: "group-list" });
      features.forEach(function (f) {
        var button = el("button", { type: "button", className: "linklike" }, [sym.statusIcon(f.properties.status, 12), " ", fmt.displayName(f.properties)]);
        button.addEventListener("click", function () {
          openVenture(f, latlng, function () { openGroup(features, latlng); });
        });
        ul.appendChild(el("li", null, [button, el("span", { className: "muted", text: " " + ctx.statusText(f.properties) })]));
      });
      wrap.appendChild(ul);
      return open(latlng, wrap);
    }

    function countList(counts, names, icon) {
      var ul = el("ul", { className: "count-list" });
      Object.keys(names).forEach(function (k) {
        if (!counts[k]) return;
        ul.appendChild(el("li", null, [icon ? icon(k) : null, " " + names[k] + ": " + fmt.number(counts[k])]));
      });
      return ul;
    }

    function provinceContent(code) {
      var info = provinceByCode[code] || { name: code };
      var c = state.provinceCounts[code] || { total: 0, by_status: {}, by_sector: {}, members: [] };
      var wrap = el("div", { className: "popup province-popup" });
      wrap.appendChild(el("h3", { className: "popup-title", text: info.name }));
      wrap.appendChild(el("p", {
        className: "province-total",
        text: interpolate(ngettext("%(count)s matching venture", "%(count)s matching ventures", c.total), { count: fmt.number(c.total) }, true)
      }));
      var folded = c.members.filter(function (m) { return m.code !== code; });
      if (folded.length) {
        var note = el("p", { className: "fold-note" });
        note.appendChild(document.createTextNode(ngettext(
          "Includes a province without a boundary of its own on this map:",
          "Includes provinces without a boundary of their own on this map:", folded.length) + " "));
        folded.forEach(function (m, i) {
          var fp = provinceByCode[m.code];
          if (i) note.appendChild(document.createTextNode(", "));
          note.appendChild(link(config.province_url_template.replace("KP-00", m.code), fp.name));
          note.appendChild(document.createTextNode(" (" + fmt.number(m.count) + ")"));
        });
        wrap.appendChild(note);
      }
      if (c.total) {
        wrap.appendChild(el("h4", { text: gettext("By status") }));
        wrap.appendChild(countList(c.by_status, labels.status, function (k) { return sym.statusIcon(k, 12); }));
        wrap.appendChild(el("h4", { text: gettext("By sector") }));
        wrap.appendChild(countList(c.by_sector, labels.sector));
      }
      var unplaced = state.features.filter(function (f) {
        return !f.geometry && provinceByCode[f.properties.province] && provinceByCode[f.properties.province].map_polygon === code;
      });
      if (unplaced.length) {
        wrap.appendChild(el("h4", { text: gettext("Known only to the province (no pin)") }));
        var ul = el("ul", { className: "unplaced-list" });
        unplaced.slice(0, 15).forEach(function (f) {
          ul.appendChild(el("li", null, [sym.statusIcon(f.properties.status, 12), " ", link(ctx.ventureUrl(f.properties), fmt.displayName(f.properties))]));
        });
        if (unplaced.length > 15) ul.appendChild(el("li", { text: interpolate(gettext("and %(count)s more (see the list)"), { count: fmt.number(unplaced.length - 15) }, true) }));
        wrap.appendChild(ul);
      }
      // The province page applies the same filters (the same FilterSet), so its counts match these.
      var filters = ctx.urlState.filterQuery(new URLSearchParams(window.location.search));
      filters.delete("province");
      var qs = filters.toString();
      wrap.appendChild(el("p", { className: "popup-more" }, [
        link(config.province_url_template.replace("KP-00", code) + (qs ? "?" + qs : ""), gettext("Province page →"))
      ]));
      return wrap;
    }

    ctx.popups = {
      open: open, openVenture: openVenture, openGroup: openGroup, provinceContent: provinceContent,
      keepClearOfLegend: keepClearOfLegend
    };
  }

  jv.mapPopups = { create: create };
})();
