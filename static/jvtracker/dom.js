/* DOM helpers shared by the map's modules and the pages: nodes built with textContent (never
 * innerHTML), links only to same-site paths or http(s), and the date shown to its precision (the
 * lengths from the page's config). Exposed as window.jv.dom and window.jv.format. */
(function () {
  "use strict";
  var jv = window.jv = window.jv || {};
  // The scripts' strings: Django's JavaScript catalog (/jsi18n/, loaded before the scripts) defines
  // gettext() and friends in the page's language; without it, the English text. The other modules
  // call them under these same names, which is what `makemessages -d djangojs` looks for.
  var gettext = window.gettext || function (text) { return text; };
  jv.i18n = {
    gettext: gettext,
    ngettext: window.ngettext || function (one, many, n) { return n === 1 ? one : many; },
    pgettext: window.pgettext || function (context, text) { return text; },
    interpolate: window.interpolate || function (text, values) {
      return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
    }
  };

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

  // The page's language, from its JSON config (projects/selectors/pages.py, projects/formatting.py and
  // projects/selectors/names.py are the rules' one home): dates as precisely as known and written as
  // the language writes them ("1 September 2025", "2025년 9월 1일", "2025年9月1日"), names in the
  // language (the Hangul name first in Korean, the Chinese one in Chinese, else the English one).
  // Until a page hands its config over, dates show as ISO text and names in English.
  var INTL_LOCALE = { en: "en-GB", ko: "ko-KR", "zh-hans": "zh-Hans-CN" };
  var DATE_LENGTH = {}, DATE_FORMATS = null, DATE_UNKNOWN = null, LOCALE = "en-GB";
  var NAME_RULE = { lead: "name", bracket: null }, AMOUNT_FORMAT = null;
  function useDatePrecisionLengths(lengths) { DATE_LENGTH = lengths || {}; }
  function useLanguage(config) {
    if (!config) return;
    if (config.date_precision_lengths) useDatePrecisionLengths(config.date_precision_lengths);
    if (config.language) LOCALE = INTL_LOCALE[config.language] || config.language;
    if (config.date_formats) DATE_FORMATS = config.date_formats;
    if (config.date_unknown) DATE_UNKNOWN = config.date_unknown;
    if (config.name_rule) NAME_RULE = config.name_rule;
    if (config.amount_format) AMOUNT_FORMAT = config.amount_format;
  }
  function preciseDate(date, precision) {
    if (precision === "unknown") return DATE_UNKNOWN || gettext("date unknown");
    if (!date) return "";
    var options = DATE_FORMATS && DATE_FORMATS[precision];
    var parts = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date);
    if (options && parts && window.Intl) {
      var when = new Date(Date.UTC(+parts[1], parts[2] ? +parts[2] - 1 : 0, parts[3] ? +parts[3] : 1));
      return new Intl.DateTimeFormat(LOCALE, options).format(when);
    }
    return DATE_LENGTH[precision] ? date.slice(0, DATE_LENGTH[precision]) : date;
  }
  // A record's name (a venture's or partner's `name`, a province's `name_en`) in the page's language.
  function displayName(record) {
    if (!record) return "";
    var english = record.name || record.name_en || "";
    if (record.display_name) return record.display_name;
    var lead = NAME_RULE.lead === "name" ? english : record[NAME_RULE.lead];
    if (!lead && NAME_RULE.lead === "name_zh") lead = record.name_zh_hant;
    if (!lead) return english;
    var bracket = NAME_RULE.bracket === "name" ? english : NAME_RULE.bracket ? record[NAME_RULE.bracket] : "";
    return bracket && bracket !== lead ? lead + " (" + bracket + ")" : lead;
  }
  // The name alone, without the English in brackets: map labels, where room is short.
  function leadName(record) {
    if (!record) return "";
    var english = record.name_en || record.name || "";
    if (NAME_RULE.lead === "name") return english;
    return record[NAME_RULE.lead] || (NAME_RULE.lead === "name_zh" && record.name_zh_hant) || english;
  }
  // A number as the page's language writes it ("1,234").
  function number(n) {
    return window.Intl ? new Intl.NumberFormat(LOCALE).format(n) : String(n);
  }

  jv.dom = { el: el, safeHref: safeHref, link: link, clear: clear };
  jv.format = {
    preciseDate: preciseDate, useDatePrecisionLengths: useDatePrecisionLengths, useLanguage: useLanguage,
    displayName: displayName, leadName: leadName, number: number, locale: function () { return LOCALE; }
  };
})();
