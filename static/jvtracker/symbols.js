/* jvtracker symbols: each status has a colour (Okabe–Ito, safe for colour-blind readers) AND a shape,
 * each sector a letter, each location precision a stroke. Shared by the map, the legend, the list,
 * the content pages and the venture page's small map: one painter draws every symbol on a canvas
 * (paintSymbol), one layer puts them on a Leaflet map (VentureDots). No HTML strings: everything is
 * built as DOM/SVG nodes. Exposed as window.jv.symbols. */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};

  // VentureDots draws through Leaflet's canvas renderer internals (_ctx, _drawing, _redraw,
  // _pxBounds…), which are not public API: it is written for this Leaflet release, the one
  // django-leaflet serves (tests/test_pages.py checks the served leaflet.js says the same).
  var LEAFLET_VERSION = "1.9.3";
  if (window.L && L.version !== LEAFLET_VERSION) {
    console.error("jvtracker symbols are written for Leaflet " + LEAFLET_VERSION + ", not " + L.version);
  }

  var STATUS_STYLE = {
    reported: { color: "#56B4E9", shape: "triangle-down" },
    negotiating: { color: "#F0E442", shape: "diamond" },
    contract_signed: { color: "#E69F00", shape: "square" },
    under_construction: { color: "#CC79A7", shape: "triangle" },
    operating: { color: "#009E73", shape: "circle" },
    expanding: { color: "#0072B2", shape: "star" },
    suspended: { color: "#D55E00", shape: "hexagon" },
    closed: { color: "#000000", shape: "cross" },
    "": { color: "#999999", shape: "circle" }
  };
  var SECTOR_LETTER = {
    mine: "M", ironworks: "I", construction: "C", agriculture: "A", fisheries: "F",
    manufacturing: "P", energy: "E", trade: "T", other: "O"
  };
  // Exact sites: solid outline. Approximate: dashed. County seat: dotted, with an outer ring.
  var PRECISION_DASH = { exact: null, approximate: [4, 3], county: [1, 3], province: [1, 3] };

  function statusStyle(status) {
    return STATUS_STYLE[status || ""] || STATUS_STYLE[""];
  }

  // Trace a shape of "radius" r centred on (x, y) into a canvas path or an SVG path string builder.
  function tracePoints(shape, x, y, r) {
    var pts = [], i, a, n;
    function poly(count, rot, radius) {
      for (i = 0; i < count; i++) {
        a = rot + (i * 2 * Math.PI) / count;
        pts.push([x + radius * Math.cos(a), y + radius * Math.sin(a)]);
      }
    }
    switch (shape) {
      case "square": r *= 0.9; return [[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]];
      case "diamond": r *= 1.25; return [[x, y - r], [x + r, y], [x, y + r], [x - r, y]];
      case "triangle": poly(3, -Math.PI / 2, r * 1.3); return pts;
      case "triangle-down": poly(3, Math.PI / 2, r * 1.3); return pts;
      case "hexagon": poly(6, 0, r * 1.1); return pts;
      case "star":
        n = 5;
        for (i = 0; i < 2 * n; i++) {
          a = -Math.PI / 2 + (i * Math.PI) / n;
          var rr = i % 2 === 0 ? r * 1.4 : r * 0.6;
          pts.push([x + rr * Math.cos(a), y + rr * Math.sin(a)]);
        }
        return pts;
      case "cross":
        var t = r * 0.4, s = r * 1.1;
        return [[x - t, y - s], [x + t, y - s], [x + t, y - t], [x + s, y - t], [x + s, y + t], [x + t, y + t],
          [x + t, y + s], [x - t, y + s], [x - t, y + t], [x - s, y + t], [x - s, y - t], [x - t, y - t]];
      default: return null; // circle
    }
  }

  function traceCanvas(ctx, shape, x, y, r) {
    var pts = tracePoints(shape, x, y, r);
    if (!pts) { ctx.arc(x, y, r, 0, Math.PI * 2, false); return; }
    ctx.moveTo(pts[0][0], pts[0][1]);
    for (var i = 1; i < pts.length; i++) ctx.lineTo(pts[i][0], pts[i][1]);
    ctx.closePath();
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  // A small SVG symbol for a status (legend, list rows, popups); decorative, so hidden from readers.
  function statusIcon(status, size) {
    size = size || 16;
    var style = statusStyle(status), c = size / 2, r = size * 0.32;
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "status-icon");
    var pts = tracePoints(style.shape, c, c, r), node;
    if (pts) {
      node = document.createElementNS(SVG_NS, "polygon");
      node.setAttribute("points", pts.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" "));
    } else {
      node = document.createElementNS(SVG_NS, "circle");
      node.setAttribute("cx", c); node.setAttribute("cy", c); node.setAttribute("r", r);
    }
    node.setAttribute("fill", style.color);
    node.setAttribute("stroke", "#222");
    node.setAttribute("stroke-width", "1");
    svg.appendChild(node);
    return svg;
  }

  // Marker size follows the zoom, so a whole-country view of 10,000 ventures is not a solid blot.
  function radiusForZoom(zoom) {
    return zoom <= 6 ? 4.5 : zoom <= 8 ? 6 : 9;
  }

  // All the ventures of the map as ONE canvas path: projecting and painting 10,000 symbols in a loop
  // takes milliseconds, where 10,000 separate Leaflet layers take a third of a second to add.
  // Items: {latlng, feature, style}. Clicks hit the topmost item; the map decides what to open.
  // The venture page draws its one symbol with the same layer, at a fixed radius.
  var VentureDots = window.L && L.Path.extend({
    options: { interactive: true, weight: 1, fixedRadius: null },
    initialize: function (options) {
      L.setOptions(this, options);
      this._items = [];
    },
    setItems: function (items) {
      this._items = items;
      if (this._map) { this._project(); redrawAll(this._renderer); }
      return this;
    },
    items: function () { return this._items; },
    _project: function () {
      var map = this._map, items = this._items;
      var r = this._radius = this.options.fixedRadius || radiusForZoom(map.getZoom());
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, p, i;
      for (i = 0; i < items.length; i++) {
        p = items[i].point = map.latLngToLayerPoint(items[i].latlng);
        if (p.x < minX) minX = p.x;
        if (p.y < minY) minY = p.y;
        if (p.x > maxX) maxX = p.x;
        if (p.y > maxY) maxY = p.y;
      }
      var pad = r * 1.4 + 6;
      // Items may bring their own sprite and radius (the clusters of map-clusters.js).
      for (i = 0; i < items.length; i++) if (items[i].radius) pad = Math.max(pad, items[i].radius + 2);
      this._pxBounds = items.length ? new L.Bounds([minX - pad, minY - pad], [maxX + pad, maxY + pad]) : null;
    },
    _update: function () { if (this._map) this._updatePath(); },
    _empty: function () { return !this._pxBounds; },
    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || !this._pxBounds) return;
      var ctx = renderer._ctx, view = renderer._bounds, items = this._items, r = this._radius;
      var minX = view.min.x - 20, minY = view.min.y - 20, maxX = view.max.x + 20, maxY = view.max.y + 20;
      // Each symbol is drawn once into a small sprite, then stamped: blitting a bitmap is far cheaper
      // to rasterise than thousands of dashed paths.
      var i, item, p, sprite;
      ctx.globalAlpha = 1;
      for (i = 0; i < items.length; i++) {
        item = items[i]; p = item.point;
        if (p.x < minX || p.y < minY || p.x > maxX || p.y > maxY) continue;
        sprite = item.sprite || spriteFor(item.style, r);
        ctx.drawImage(sprite.canvas, Math.round(p.x - sprite.half), Math.round(p.y - sprite.half), sprite.size, sprite.size);
      }
    },
    // The items within `tolerance` pixels of a layer point, nearest first.
    itemsNear: function (point, tolerance) {
      var out = [], items = this._items, i, d;
      for (i = 0; i < items.length; i++) {
        d = items[i].point.distanceTo(point);
        if (d <= tolerance) out.push({ item: items[i], d: d });
      }
      out.sort(function (a, b) { return a.d - b.d; });
      return out.map(function (x) { return x.item; });
    },
    _containsPoint: function (p) {
      if (!this._pxBounds || !this._pxBounds.contains(p)) return false;
      var tol = this._radius + this._clickTolerance(), items = this._items, item;
      for (var i = items.length - 1; i >= 0; i--) {
        item = items[i];
        if (item.point.distanceTo(p) <= (item.radius ? item.radius + this._clickTolerance() : tol)) return true;
      }
      return false;
    }
  });

  // The one painter: a symbol of radius r centred on (x, y). Status shape filled with its colour,
  // outline solid/dashed by precision, a dotted ring for a county seat, and (r >= 7) the sector
  // letter in a small white disc, so it reads on every status colour.
  function paintSymbol(ctx, st, x, y, r) {
    ctx.strokeStyle = "#1a1a1a";
    ctx.beginPath();
    traceCanvas(ctx, st.shape, x, y, r);
    ctx.globalAlpha = 0.95;
    ctx.fillStyle = st.color;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.setLineDash(st.dash || []);
    ctx.lineWidth = st.weight;
    ctx.stroke();
    if (st.ring) {
      ctx.beginPath();
      ctx.arc(x, y, r * 1.4 + 4, 0, Math.PI * 2, false);
      ctx.setLineDash([2, 3]);
      ctx.lineWidth = 1;
      ctx.stroke();
    }
    ctx.setLineDash([]);
    if (r >= 7 && st.letter) {
      ctx.beginPath();
      ctx.arc(x, y, r * 0.55, 0, Math.PI * 2, false);
      ctx.fillStyle = "#fff";
      ctx.fill();
      ctx.font = "bold " + Math.round(r * 0.85) + "px sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillStyle = "#111";
      ctx.fillText(st.letter, x, y + 0.5);
    }
  }

  // Each symbol is painted once into a small sprite, then stamped.
  var sprites = {};
  function spriteFor(st, r) {
    var key = st.key + "|" + r, sprite = sprites[key];
    if (sprite) return sprite;
    var ratio = window.devicePixelRatio || 1;
    var half = Math.ceil(r * 1.4 + 6), size = half * 2;
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = Math.ceil(size * ratio);
    var ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    paintSymbol(ctx, st, half, half, r);
    sprite = sprites[key] = { canvas: canvas, half: half, size: size };
    return sprite;
  }

  function dotStyle(props) {
    var style = statusStyle(props.status), precision = props.location_precision;
    var letter = SECTOR_LETTER[props.sector] || "";
    return {
      key: (props.status || "") + "|" + precision + "|" + letter,
      shape: style.shape,
      color: style.color,
      weight: precision === "exact" ? 1.5 : 1.2,
      dash: PRECISION_DASH[precision] || null,
      ring: precision === "county",
      letter: letter
    };
  }

  // Repaint a whole canvas at once (after flipping which markers are hidden).
  function redrawAll(renderer) {
    if (!renderer._map) return;
    renderer._redrawBounds = null;
    if (renderer._redrawRequest) L.Util.cancelAnimFrame(renderer._redrawRequest);
    renderer._redrawRequest = null;
    renderer._redraw();
  }

  jv.symbols = {
    LEAFLET_VERSION: LEAFLET_VERSION,
    STATUS_STYLE: STATUS_STYLE,
    SECTOR_LETTER: SECTOR_LETTER,
    statusStyle: statusStyle,
    statusIcon: statusIcon,
    dotStyle: dotStyle,
    paintSymbol: paintSymbol,
    radiusForZoom: radiusForZoom,
    VentureDots: VentureDots,
    redrawAll: redrawAll
  };
})();
