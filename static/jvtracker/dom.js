/* DOM helpers shared by the map's modules and the pages: nodes built with textContent (never
 * innerHTML), links only to same-site paths or http(s), and the date shown to its precision (the
 * lengths from the page's config). Exposed as window.jv.dom and window.jv.format. */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === "text") node.textContent = attrs[key];
        else if (key === "className") node.className = attrs[key];
        else node.setAttribute(key, attrs[key]);
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Only same-site paths and http(s) links become hrefs; anything else stays text.
  function safeHref(url) {
    if (typeof url !== "string") return null;
    if (/^\/(?!\/)/.test(url)) return url;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(url, text, external) {
    var href = safeHref(url);
    if (!href) return el("span", { text: text });
    var attrs = { href: href, text: text };
    if (external) { attrs.rel = "noopener noreferrer"; attrs.target = "_blank"; }
    return el("a", attrs);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // An ISO date shown to its precision: "2019" (year), "2019-05" (month), "2019-05-14" (day), as the
  // server-rendered pages show it. How many characters each precision shows comes from the page's
  // JSON config (`date_precision_lengths`, from projects.models.DATE_PRECISION_LENGTHS): the rule has
  // one home, in Python. Until a page hands it over, dates show whole.
  var DATE_LENGTH = {};
  function useDatePrecisionLengths(lengths) { DATE_LENGTH = lengths || {}; }
  function preciseDate(date, precision) {
    if (precision === "unknown") return "date unknown";
    if (!date) return "";
    return DATE_LENGTH[precision] ? date.slice(0, DATE_LENGTH[precision]) : date;
  }

  jv.dom = { el: el, safeHref: safeHref, link: link, clear: clear };
  jv.format = { preciseDate: preciseDate, useDatePrecisionLengths: useDatePrecisionLengths };
})();
