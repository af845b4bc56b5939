/**
 * Search page island: instant results from Meilisearch, facets with counts, range sliders for
 * numeric specifications, sorting, "more results", all of it kept in the URL so a search can
 * be shared, bookmarked and walked back with the browser's Back button.
 *
 * Markup (docs/theme.md): `<div data-island="search">` holding the page's plain
 * `<form role="search">` with `<input type="search" name="q">` and an empty
 * `<div data-search-results>`, plus `<script type="application/json" id="search-config">`
 * written by the site builder: host, search-only apiKey, index, locale, dir, facets,
 * hierarchy, ranges, sorts, strings, pageSize.
 *
 * The browser queries Meilisearch directly with the search-only key (ARCHITECTURE: data
 * flow). It uses the REST API's /multi-search with fetch rather than the meilisearch JS
 * client: one POST is all this needs, and the client would add ~8 KB gzip to the page.
 * One request carries the results query plus one count query per facet group that has a
 * selection ("disjunctive" facets: ticking one country still shows how many results the
 * other countries would give) and one per level of the selected category path.
 *
 * Every text the reader sees comes from `strings` in the config, translated by the builder;
 * the English below is a last resort for a key the config lacks. Document text is only ever
 * inserted as text nodes: highlights come back wrapped in private-use characters that are
 * turned into <mark> elements, never parsed as HTML.
 */

import { element } from "./dom.js";

const FALLBACK_STRINGS = {
  placeholder: "Search exhibitors and products",
  filters: "Filters",
  clearFilters: "Clear filters",
  sortBy: "Sort by",
  results: "%(count)s results",
  noResults: "No results. Try other words or fewer filters.",
  unavailable: "Search is not available right now.",
  more: "More results",
  showResults: "Show %(count)s results",
  showMore: "Show more",
  showLess: "Show less",
  features: "Media",
  min: "Minimum",
  max: "Maximum",
  modelNumber: "Model number",
  booth: "Booth",
  exhibit: "Product",
};

/** Contract names of the URL parameters (docs/theme.md) for list facets. */
const LIST_PARAMS = { kind: "kind", country: "country", target_markets: "market", tags: "tag" };
const LEVEL_PARAMS = ["lvl0", "lvl1", "lvl2"];
const HIERARCHY_SEPARATOR = " > ";
const RANGE_PREFIX = "r.";
/** Highlight markers from the Unicode private-use area: they cannot be mistaken for markup. */
const MARK_START = "\uE000";
const MARK_END = "\uE001";
const TYPING_DELAY_MS = 180;
const SLIDER_DELAY_MS = 250;
const FACET_VALUES_SHOWN = 8;
/** Slider positions run 0..SLIDER_STEPS; values are mapped onto the configured range. */
const SLIDER_STEPS = 1000;
const DESKTOP = "(min-width: 64rem)";

/** Text with Meilisearch's highlight markers turned into <mark> elements, safely. */
function highlighted(text) {
  const fragment = document.createDocumentFragment();
  const source = String(text ?? "");
  let position = 0;
  while (position < source.length) {
    const start = source.indexOf(MARK_START, position);
    if (start === -1) break;
    const end = source.indexOf(MARK_END, start + 1);
    if (end === -1) break;
    fragment.append(source.slice(position, start));
    fragment.append(element("mark", { text: source.slice(start + 1, end) }));
    position = end + 1;
  }
  fragment.append(source.slice(position).replaceAll(MARK_START, "").replaceAll(MARK_END, ""));
  return fragment;
}

/** Filter-expression string literal: Meilisearch escapes `"` and `\` with a backslash. */
function quote(value) {
  return `"${String(value).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

function roundNumber(value) {
  return Number(Number(value).toPrecision(12));
}

function readConfig() {
  const script = document.getElementById("search-config");
  let config = {};
  try {
    config = JSON.parse(script?.textContent || "{}");
  } catch (error) {
    console.error("search-config is not valid JSON", error);
  }
  return {
    host: String(config.host || "").replace(/\/+$/, ""),
    apiKey: config.apiKey || "",
    index: config.index || "",
    locale: config.locale || document.documentElement.lang || "en",
    dir: config.dir || document.documentElement.dir || "ltr",
    facets: Array.isArray(config.facets) ? config.facets : [],
    hierarchy: Array.isArray(config.hierarchy) ? config.hierarchy : [],
    ranges: Array.isArray(config.ranges) ? config.ranges : [],
    sorts: Array.isArray(config.sorts) ? config.sorts : [],
    strings: { ...FALLBACK_STRINGS, ...(config.strings || {}) },
    pageSize: Math.max(1, Number(config.pageSize) || 20),
  };
}

/**
 * The facets of the config, sorted into the three kinds the page shows: the category tree
 * (the hierarchy's first attribute), yes/no media facets (has_*), and lists of values.
 */
function classifyFacets(config) {
  const tree = config.hierarchy.length ? config.hierarchy[0] : null;
  const kinds = { tree: null, flags: [], lists: [] };
  for (const facet of config.facets) {
    if (!facet?.attribute) continue;
    if (facet.attribute === tree) kinds.tree = facet;
    else if (facet.attribute.startsWith("has_")) kinds.flags.push(facet);
    else kinds.lists.push(facet);
  }
  return kinds;
}

const listParam = (attribute) => LIST_PARAMS[attribute] || attribute;

/** Range for one spec: displayed unit <-> slider position, linear or logarithmic. */
function rangeScale(range) {
  const min = Number(range.min);
  const max = Number(range.max);
  const logarithmic = min > 0 && max / min >= 50;
  const span = Math.abs(max - min) || 1;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(span / 100)));
  const tidy = (value) => {
    const precise = Number(value.toPrecision(3));
    return Number(precise.toFixed(Math.min(digits, 6)));
  };
  return {
    min,
    max,
    toValue(position) {
      if (position <= 0) return min;
      if (position >= SLIDER_STEPS) return max;
      const t = position / SLIDER_STEPS;
      return tidy(logarithmic ? min * (max / min) ** t : min + (max - min) * t);
    },
    toPosition(value) {
      const clamped = Math.min(max, Math.max(min, value));
      const t = logarithmic
        ? Math.log(clamped / min) / Math.log(max / min)
        : (clamped - min) / (max - min || 1);
      return Math.round(t * SLIDER_STEPS);
    },
  };
}

function parseRange(text) {
  const match = /^(-?\d*\.?\d*)-(-?\d*\.?\d*)$/.exec(text || "");
  if (!match) return null;
  const low = match[1] === "" ? null : Number(match[1]);
  const high = match[2] === "" ? null : Number(match[2]);
  if (Number.isNaN(low) || Number.isNaN(high) || (low == null && high == null)) return null;
  return [low, high];
}

export function mount(root) {
  const config = readConfig();
  const { strings, locale } = config;
  const facets = classifyFacets(config);
  const form = root.querySelector("form");
  const input = form?.querySelector('input[name="q"]');
  const results = root.querySelector("[data-search-results]") || element("div");
  if (!form || !input) throw new Error("search island without its form");

  const numbers = new Intl.NumberFormat(locale);
  const plural = new Intl.PluralRules(locale);
  let regionNames = null;
  try {
    regionNames = new Intl.DisplayNames([locale], { type: "region" });
  } catch {
    // Older browsers show the ISO code, which is still understood.
  }
  const text = (key) => strings[key] ?? FALLBACK_STRINGS[key] ?? key;
  const countText = (count) => {
    const forms = strings.resultsByPlural;
    const template = forms?.[plural.select(count)] ?? text("results");
    return template.replace("%(count)s", numbers.format(count));
  };
  const regionName = (code) => {
    try {
      return (code && regionNames?.of(code)) || code;
    } catch {
      return code;
    }
  };
  const scales = Object.fromEntries(config.ranges.map((range) => [range.key, rangeScale(range)]));

  root.classList.add("search");
  root.dir = config.dir;
  if (!input.placeholder) input.placeholder = text("placeholder");
  input.setAttribute("autocomplete", "off");

  // ----- state <-> URL --------------------------------------------------------------------

  function emptyState() {
    return { q: "", lists: {}, levels: [], flags: [], ranges: {}, sort: "", page: 1 };
  }

  function stateFromUrl() {
    const params = new URLSearchParams(location.search);
    const state = emptyState();
    state.q = params.get("q") || "";
    for (const facet of facets.lists) {
      const values = params.getAll(listParam(facet.attribute)).filter(Boolean);
      if (values.length) state.lists[facet.attribute] = [...new Set(values)];
    }
    if (facets.tree) {
      // The deepest level given wins; its value names the whole path ("Hall > Category").
      const deepest = LEVEL_PARAMS.map((name) => params.get(name))
        .slice(0, config.hierarchy.length)
        .filter(Boolean)
        .pop();
      const parts = deepest
        ? deepest.split(HIERARCHY_SEPARATOR).slice(0, config.hierarchy.length)
        : [];
      state.levels = parts.map((_part, i) => parts.slice(0, i + 1).join(HIERARCHY_SEPARATOR));
    }
    const wanted = params.getAll("has").flatMap((value) => value.split(","));
    state.flags = facets.flags
      .map((facet) => facet.attribute)
      .filter((attribute) => wanted.includes(attribute.slice(4)));
    for (const range of config.ranges) {
      const parsed = parseRange(params.get(RANGE_PREFIX + range.key));
      if (parsed) state.ranges[range.key] = parsed;
    }
    const sort = params.get("sort") || "";
    state.sort = config.sorts.some((option) => option.value === sort) ? sort : "";
    state.page = Math.max(1, Number.parseInt(params.get("page"), 10) || 1);
    return state;
  }

  /** The query string for a state; parameters this island does not own are kept. */
  function queryString(state) {
    const params = new URLSearchParams(location.search);
    const owned = ["q", "has", "sort", "page", ...LEVEL_PARAMS];
    for (const facet of facets.lists) owned.push(listParam(facet.attribute));
    for (const key of [...params.keys()]) {
      if (owned.includes(key) || key.startsWith(RANGE_PREFIX)) params.delete(key);
    }
    if (state.q) params.append("q", state.q);
    for (const facet of facets.lists) {
      for (const value of state.lists[facet.attribute] || []) {
        params.append(listParam(facet.attribute), value);
      }
    }
    if (state.levels.length) {
      params.append(LEVEL_PARAMS[state.levels.length - 1], state.levels.at(-1));
    }
    if (state.flags.length) params.append("has", state.flags.map((a) => a.slice(4)).join(","));
    for (const range of config.ranges) {
      const wanted = state.ranges[range.key];
      if (wanted) params.append(RANGE_PREFIX + range.key, `${wanted[0] ?? ""}-${wanted[1] ?? ""}`);
    }
    if (state.sort) params.append("sort", state.sort);
    if (state.page > 1) params.append("page", String(state.page));
    const query = params.toString();
    return query ? `?${query}` : location.pathname;
  }

  function activeFilterCount(state) {
    return (
      Object.values(state.lists).reduce((sum, values) => sum + values.length, 0) +
      (state.levels.length ? 1 : 0) +
      state.flags.length +
      Object.keys(state.ranges).length
    );
  }

  /**
   * For analytics (islands/analytics.js): the query that ran, its result count and the
   * names of the active filters as URL parameters (`country`, `lvl1`, `has_3d`, `r.power`);
   * the values chosen stay on the page.
   */
  function announceSearch(snapshot, count) {
    const lists = facets.lists.filter((facet) => snapshot.lists[facet.attribute]?.length);
    const filters = [
      ...lists.map((facet) => listParam(facet.attribute)),
      ...(snapshot.levels.length ? [LEVEL_PARAMS[snapshot.levels.length - 1]] : []),
      ...snapshot.flags,
      ...Object.keys(snapshot.ranges).map((key) => RANGE_PREFIX + key),
    ];
    const detail = { query: snapshot.q.trim(), results: count, filters };
    root.dispatchEvent(new CustomEvent("expo:search", { bubbles: true, detail }));
  }

  // ----- Meilisearch queries -------------------------------------------------------------

  /** Filter as an AND of OR-groups; `without` leaves out one group (for its own counts). */
  function filterFor(state, { without = null, levels = state.levels } = {}) {
    const filter = [];
    for (const facet of facets.lists) {
      const values = state.lists[facet.attribute];
      if (facet.attribute === without || !values?.length) continue;
      filter.push(values.map((value) => `${facet.attribute} = ${quote(value)}`));
    }
    if (levels.length) {
      filter.push(`${config.hierarchy[levels.length - 1]} = ${quote(levels.at(-1))}`);
    }
    for (const attribute of state.flags) filter.push(`${attribute} = true`);
    for (const range of config.ranges) {
      const wanted = state.ranges[range.key];
      if (!wanted) continue;
      // The wanted range [a, b] overlaps a document's [min, max] when min <= b and max >= a;
      // an open end (slider at its end) sets no bound, so larger machines are not lost.
      const scale = Number(range.scale) || 1;
      const [low, high] = wanted;
      if (low != null) filter.push(`num.${range.key}.max >= ${roundNumber(low * scale)}`);
      if (high != null) filter.push(`num.${range.key}.min <= ${roundNumber(high * scale)}`);
    }
    return filter;
  }

  const nonEmpty = (filter) => (filter.length ? filter : undefined);

  function buildQueries(state, { page, hitsPerPage }) {
    const base = { indexUid: config.index, q: state.q };
    const treeLevel = Math.min(state.levels.length, config.hierarchy.length - 1);
    const mainFacets = [...facets.lists, ...facets.flags].map((facet) => facet.attribute);
    if (facets.tree && state.levels.length < config.hierarchy.length) {
      mainFacets.push(config.hierarchy[treeLevel]);
    }
    const queries = [
      {
        ...base,
        filter: nonEmpty(filterFor(state)),
        facets: mainFacets,
        page,
        hitsPerPage,
        sort: state.sort ? [state.sort] : undefined,
        attributesToRetrieve: [
          "id",
          "kind",
          "title",
          "url",
          "model_number",
          "booth",
          "country",
          "country_name",
          "image",
          "description",
        ],
        attributesToHighlight: ["title", "model_number", "description"],
        attributesToCrop: ["description"],
        cropLength: 28,
        cropMarker: "…",
        highlightPreTag: MARK_START,
        highlightPostTag: MARK_END,
      },
    ];
    const roles = [{ role: "main" }];
    for (const facet of facets.lists) {
      if (!state.lists[facet.attribute]?.length) continue;
      queries.push({
        ...base,
        filter: nonEmpty(filterFor(state, { without: facet.attribute })),
        facets: [facet.attribute],
        hitsPerPage: 0,
      });
      roles.push({ role: "list", attribute: facet.attribute });
    }
    if (facets.tree) {
      // Siblings at every level of the selected path: the counts each would give instead.
      for (let level = 0; level < state.levels.length; level += 1) {
        queries.push({
          ...base,
          filter: nonEmpty(filterFor(state, { levels: state.levels.slice(0, level) })),
          facets: [config.hierarchy[level]],
          hitsPerPage: 0,
        });
        roles.push({ role: "level", level });
      }
    }
    return { queries, roles };
  }

  async function multiSearch(queries, signal) {
    const response = await fetch(`${config.host}/multi-search`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${config.apiKey}` },
      body: JSON.stringify({ queries }),
      signal,
      credentials: "omit",
    });
    if (!response.ok) throw new Error(`Meilisearch answered ${response.status}`);
    return (await response.json()).results;
  }

  // ----- page structure ------------------------------------------------------------------

  const status = element("p", { class: "search__status", role: "status" });
  const sortSelect = element("select", { class: "search__sort", name: "sort" });
  for (const option of config.sorts) {
    sortSelect.append(element("option", { value: option.value ?? "", text: option.label }));
  }
  const filterCount = element("span", { class: "search__count", "aria-hidden": "true" });
  const panel = element(
    "details",
    { class: "search__panel" },
    element("summary", { class: "search__toggle" }, text("filters"), " ", filterCount),
  );
  const clearButton = element("button", {
    type: "button",
    class: "search__clear",
    text: text("clearFilters"),
  });
  const facetBox = element("div", { class: "search__facets" });
  const rangeBox = element("div", { class: "search__ranges" });
  // Phones only (CSS): folds the panel away and takes the reader to what the filters found.
  const showResultsButton = element("button", { type: "button", class: "search__show" });
  panel.append(
    element(
      "div",
      { class: "search__panel-body" },
      element(
        "div",
        { class: "search__panel-head" },
        element("h2", { class: "search__panel-title", text: text("filters") }),
        clearButton,
      ),
      facetBox,
      rangeBox,
      showResultsButton,
    ),
  );
  const list = element("ol", { class: "search__hits" });
  const moreButton = element("button", { type: "button", class: "search__more", hidden: true });
  moreButton.textContent = text("more");
  const message = element("p", { class: "search__message", hidden: true });
  results.classList.add("search__results");
  results.replaceChildren(message, list, moreButton);

  const toolbar = element("div", { class: "search__toolbar" }, status);
  if (config.sorts.length > 1) {
    toolbar.append(
      element(
        "label",
        { class: "search__sort-label" },
        element("span", { text: text("sortBy") }),
        sortSelect,
      ),
    );
  }
  const layout = element("div", { class: "search__layout" }, panel, results);
  form.after(toolbar, layout);

  const desktop = matchMedia(DESKTOP);
  const syncPanel = () => {
    panel.open = desktop.matches;
  };
  syncPanel();
  desktop.addEventListener?.("change", syncPanel);

  let state = stateFromUrl();
  // A reader may have typed before this island loaded (the box works without it): keep
  // their words rather than the empty query of the URL.
  if (!state.q && input.value.trim()) {
    state = { ...state, q: input.value };
    window.history.replaceState(null, "", queryString(state));
  }
  input.value = state.q;
  sortSelect.value = state.sort;

  if (!config.host || !config.apiKey || !config.index) {
    showUnavailable();
    layout.hidden = true;
    toolbar.classList.add("search__toolbar--unavailable");
    return;
  }

  // ----- range sliders (built once: re-rendering would break a drag) -----------------------

  const rangeControls = {};
  for (const range of config.ranges) {
    const scale = scales[range.key];
    const title = range.unit ? `${range.label} (${range.unit})` : range.label;
    const slider = (which) =>
      element("input", {
        type: "range",
        class: `search-range__slider search-range__slider--${which}`,
        min: 0,
        max: SLIDER_STEPS,
        step: 1,
        "aria-label": `${title}: ${text(which)}`,
      });
    const number = (which) =>
      element("input", {
        type: "number",
        class: "search-range__number",
        inputmode: "decimal",
        step: "any",
        min: scale.min,
        max: scale.max,
        placeholder: numbers.format(which === "min" ? scale.min : scale.max),
        "aria-label": `${title}: ${text(which)}`,
      });
    const controls = {
      low: slider("min"),
      high: slider("max"),
      lowNumber: number("min"),
      highNumber: number("max"),
    };
    rangeControls[range.key] = controls;
    const fill = element("span", { class: "search-range__fill", "aria-hidden": "true" });
    rangeBox.append(
      element(
        "fieldset",
        { class: "search-facet search-range" },
        element("legend", { class: "search-facet__title", text: title }),
        element("div", { class: "search-range__track" }, fill, controls.low, controls.high),
        element(
          "div",
          { class: "search-range__numbers" },
          controls.lowNumber,
          element("span", { "aria-hidden": "true", text: "–" }),
          controls.highNumber,
          range.unit ? element("span", { class: "search-range__unit", text: range.unit }) : null,
        ),
      ),
    );
    controls.fill = fill;
    const fromSliders = (moved) => {
      let low = Number(controls.low.value);
      let high = Number(controls.high.value);
      if (low > high) {
        if (moved === "low") low = high;
        else high = low;
        controls.low.value = low;
        controls.high.value = high;
      }
      return [
        low <= 0 ? null : scale.toValue(low),
        high >= SLIDER_STEPS ? null : scale.toValue(high),
      ];
    };
    const fromNumbers = () => {
      const read = (field, fallback) => {
        const value = field.value === "" ? null : Number(field.value);
        return value == null || Number.isNaN(value) ? fallback : value;
      };
      let low = read(controls.lowNumber, null);
      let high = read(controls.highNumber, null);
      if (low != null && high != null && low > high) [low, high] = [high, low];
      if (low != null && low <= scale.min) low = null;
      if (high != null && high >= scale.max) high = null;
      return [low, high];
    };
    const apply = (wanted, history, delay) => {
      const ranges = { ...state.ranges };
      if (wanted[0] == null && wanted[1] == null) delete ranges[range.key];
      else ranges[range.key] = wanted;
      update({ ranges }, { history, delay });
    };
    for (const [which, field] of [
      ["low", controls.low],
      ["high", controls.high],
    ]) {
      field.addEventListener("input", () => {
        const wanted = fromSliders(which);
        showRange(range.key, wanted, { sliders: false });
        apply(wanted, "replace", SLIDER_DELAY_MS);
      });
      field.addEventListener("change", () => apply(fromSliders(which), "push", 0));
    }
    for (const field of [controls.lowNumber, controls.highNumber]) {
      field.addEventListener("change", () => {
        const wanted = fromNumbers();
        showRange(range.key, wanted, { numbers: false });
        apply(wanted, "push", 0);
      });
    }
  }

  function showRange(key, wanted, { sliders = true, numbers: numberFields = true } = {}) {
    const controls = rangeControls[key];
    const scale = scales[key];
    const unit = config.ranges.find((range) => range.key === key)?.unit;
    const [low, high] = wanted || [null, null];
    const lowPosition = low == null ? 0 : scale.toPosition(low);
    const highPosition = high == null ? SLIDER_STEPS : scale.toPosition(high);
    if (sliders) {
      controls.low.value = lowPosition;
      controls.high.value = highPosition;
    }
    if (numberFields) {
      controls.lowNumber.value = low == null ? "" : String(low);
      controls.highNumber.value = high == null ? "" : String(high);
    }
    const valueText = (value) => `${numbers.format(value)}${unit ? ` ${unit}` : ""}`;
    controls.low.setAttribute("aria-valuetext", valueText(low ?? scale.min));
    controls.high.setAttribute("aria-valuetext", valueText(high ?? scale.max));
    controls.fill.style.insetInlineStart = `${(lowPosition / SLIDER_STEPS) * 100}%`;
    controls.fill.style.insetInlineEnd = `${100 - (highPosition / SLIDER_STEPS) * 100}%`;
  }

  function showAllRanges() {
    for (const range of config.ranges) showRange(range.key, state.ranges[range.key]);
  }
  showAllRanges();

  // ----- facets --------------------------------------------------------------------------

  const expanded = new Set();

  function sortedValues(distribution, labelOf) {
    return Object.entries(distribution || {})
      .map(([value, count]) => ({ value, count, label: labelOf(value) }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, locale));
  }

  function listLabel(attribute, value) {
    if (attribute === "kind") return strings[value] ?? value;
    if (attribute === "country" || attribute === "target_markets") return regionName(value);
    return value;
  }

  function checkbox({ name, value, label, count, checked, key, onChange }) {
    return element(
      "li",
      { class: "search-option" },
      element(
        "label",
        {},
        element("input", {
          type: "checkbox",
          name,
          value,
          checked,
          "data-focus-key": key,
          onchange: onChange,
        }),
        element("span", { class: "search-option__label", text: label }),
        element("span", { class: "search-option__count", text: numbers.format(count) }),
      ),
    );
  }

  function renderList(facet, distribution) {
    const attribute = facet.attribute;
    const selected = state.lists[attribute] || [];
    const values = sortedValues(distribution, (value) => listLabel(attribute, value));
    for (const value of selected) {
      if (!values.some((entry) => entry.value === value)) {
        values.unshift({ value, count: 0, label: listLabel(attribute, value) });
      }
    }
    if (!values.length) return null;
    const open = expanded.has(attribute);
    const shown = open
      ? values
      : values.filter((entry, i) => i < FACET_VALUES_SHOWN || selected.includes(entry.value));
    const items = element("ul", { class: "search-facet__options" });
    for (const entry of shown) {
      items.append(
        checkbox({
          name: listParam(attribute),
          value: entry.value,
          label: entry.label,
          count: entry.count,
          checked: selected.includes(entry.value),
          key: `list:${attribute}:${entry.value}`,
          onChange: (event) => {
            const next = new Set(state.lists[attribute] || []);
            if (event.target.checked) next.add(entry.value);
            else next.delete(entry.value);
            update({ lists: { ...state.lists, [attribute]: [...next] } });
          },
        }),
      );
    }
    const fieldset = element(
      "fieldset",
      { class: "search-facet" },
      element("legend", { class: "search-facet__title", text: facet.label || attribute }),
      items,
    );
    if (values.length > FACET_VALUES_SHOWN) {
      fieldset.append(
        element("button", {
          type: "button",
          class: "search-facet__toggle",
          "aria-expanded": String(open),
          "data-focus-key": `toggle:${attribute}`,
          text: open ? text("showLess") : text("showMore"),
          onclick: () => {
            if (open) expanded.delete(attribute);
            else expanded.add(attribute);
            renderFacets(lastFacets);
          },
        }),
      );
    }
    return fieldset;
  }

  function renderFlags(distributions) {
    const items = element("ul", { class: "search-facet__options" });
    for (const facet of facets.flags) {
      const count = distributions[facet.attribute]?.true ?? 0;
      const checked = state.flags.includes(facet.attribute);
      if (!count && !checked) continue;
      items.append(
        checkbox({
          name: "has",
          value: facet.attribute.slice(4),
          label: facet.label || facet.attribute,
          count,
          checked,
          key: `flag:${facet.attribute}`,
          onChange: (event) => {
            const next = state.flags.filter((attribute) => attribute !== facet.attribute);
            if (event.target.checked) next.push(facet.attribute);
            update({ flags: next });
          },
        }),
      );
    }
    if (!items.childElementCount) return null;
    return element(
      "fieldset",
      { class: "search-facet" },
      element("legend", { class: "search-facet__title", text: text("features") }),
      items,
    );
  }

  /** The category tree: each level's values, the selected one opened onto its children. */
  function renderTree(levelDistributions) {
    const build = (level, prefix) => {
      const distribution = levelDistributions[level];
      if (!distribution) return null;
      const values = sortedValues(
        Object.fromEntries(
          Object.entries(distribution).filter(([value]) => !prefix || value.startsWith(prefix)),
        ),
        (value) => value.split(HIERARCHY_SEPARATOR).at(-1),
      );
      const selected = state.levels[level];
      if (selected && !values.some((entry) => entry.value === selected)) {
        values.unshift({
          value: selected,
          count: 0,
          label: selected.split(HIERARCHY_SEPARATOR).at(-1),
        });
      }
      if (!values.length) return null;
      const items = element("ul", { class: "search-tree__level" });
      for (const entry of values) {
        const isSelected = entry.value === selected;
        const levels = isSelected
          ? state.levels.slice(0, level)
          : [...state.levels.slice(0, level), entry.value];
        const next = { ...state, levels, page: 1 };
        const link = element(
          "a",
          {
            class: "search-tree__link",
            href: queryString(next),
            "aria-current": isSelected ? "true" : false,
            "data-focus-key": `tree:${entry.value}`,
            onclick: (event) => {
              event.preventDefault();
              update({ levels });
            },
          },
          element("span", { class: "search-option__label", text: entry.label }),
          element("span", { class: "search-option__count", text: numbers.format(entry.count) }),
        );
        const item = element("li", { class: "search-tree__item" }, link);
        if (isSelected && level + 1 < config.hierarchy.length) {
          const children = build(level + 1, entry.value + HIERARCHY_SEPARATOR);
          if (children) item.append(children);
        }
        items.append(item);
      }
      return items;
    };
    const tree = build(0, "");
    if (!tree) return null;
    return element(
      "div",
      { class: "search-facet search-tree", role: "group", "aria-label": facets.tree.label },
      element("p", { class: "search-facet__title", text: facets.tree.label || "" }),
      tree,
    );
  }

  let lastFacets = null;
  function renderFacets(data) {
    lastFacets = data;
    if (!data) return;
    const focusKey = document.activeElement?.closest?.(".search__facets")
      ? document.activeElement.getAttribute("data-focus-key")
      : null;
    const groups = [];
    for (const facet of config.facets) {
      if (facets.tree && facet === facets.tree) groups.push(renderTree(data.levels));
      else if (facet === facets.flags[0]) groups.push(renderFlags(data.distributions));
      else if (facets.lists.includes(facet)) {
        groups.push(renderList(facet, data.distributions[facet.attribute]));
      }
    }
    facetBox.replaceChildren(...groups.filter(Boolean));
    if (focusKey) {
      for (const candidate of facetBox.querySelectorAll("[data-focus-key]")) {
        if (candidate.getAttribute("data-focus-key") === focusKey) {
          candidate.focus();
          break;
        }
      }
    }
  }

  function showFilterCount() {
    const count = activeFilterCount(state);
    filterCount.textContent = count ? `(${numbers.format(count)})` : "";
    clearButton.hidden = !count;
  }

  // ----- results -------------------------------------------------------------------------

  function renderHit(hit) {
    const formatted = hit._formatted || hit;
    const image = hit.image?.url
      ? element("img", {
          class: "search-hit__image",
          src: hit.image.url,
          width: hit.image.width || false,
          height: hit.image.height || false,
          alt: "",
          loading: "lazy",
          decoding: "async",
        })
      : element("span", {
          class: "search-hit__image search-hit__image--none",
          "aria-hidden": "true",
        });
    const meta = element("p", { class: "search-hit__meta" });
    const addMeta = (node) => {
      if (meta.childElementCount) meta.append(" · ");
      meta.append(node);
    };
    if (hit.model_number) {
      addMeta(
        element(
          "span",
          { class: "search-hit__model" },
          element("span", { class: "search-sr", text: `${text("modelNumber")}: ` }),
          highlighted(formatted.model_number ?? hit.model_number),
        ),
      );
    }
    if (hit.kind === "exhibit" && hit.booth?.title) {
      addMeta(element("span", { class: "search-hit__booth", text: hit.booth.title }));
    }
    const country = hit.country_name || regionName(hit.country);
    if (country) addMeta(element("span", { class: "search-hit__country", text: country }));
    const snippet = formatted.description || "";
    return element(
      "li",
      { class: `search-hit search-hit--${hit.kind || "item"}` },
      image,
      element(
        "div",
        { class: "search-hit__body" },
        element("span", { class: "search-hit__kind", text: strings[hit.kind] ?? hit.kind ?? "" }),
        element(
          "h2",
          { class: "search-hit__title" },
          element(
            "a",
            { class: "search-hit__link", href: hit.url },
            highlighted(formatted.title ?? hit.title),
          ),
        ),
        meta.childElementCount ? meta : null,
        snippet ? element("p", { class: "search-hit__snippet" }, highlighted(snippet)) : null,
      ),
    );
  }

  function showUnavailable() {
    status.textContent = text("unavailable");
    message.textContent = text("unavailable");
    message.hidden = false;
    list.replaceChildren();
    moreButton.hidden = true;
    root.classList.add("search--unavailable");
  }

  // ----- running searches ----------------------------------------------------------------

  let controller = null;
  let timer = 0;
  let loaded = 0;
  let total = 0;

  function schedule(delay, run) {
    clearTimeout(timer);
    if (delay) timer = setTimeout(run, delay);
    else run();
  }

  async function search({ append = false } = {}) {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const snapshot = state;
    const paging = append
      ? { page: snapshot.page, hitsPerPage: config.pageSize }
      : { page: 1, hitsPerPage: config.pageSize * snapshot.page };
    const { queries, roles } = buildQueries(snapshot, paging);
    if (append) queries.length = 1;
    results.setAttribute("aria-busy", "true");
    let answers;
    try {
      answers = await multiSearch(queries, signal);
    } catch (error) {
      if (signal.aborted) return;
      console.error("search failed", error);
      results.removeAttribute("aria-busy");
      showUnavailable();
      return;
    }
    if (signal.aborted) return;
    results.removeAttribute("aria-busy");
    root.classList.remove("search--unavailable");
    const [main] = answers;
    total = main.totalHits ?? main.estimatedTotalHits ?? 0;
    const hits = main.hits || [];
    if (append) {
      const items = hits.map(renderHit);
      list.append(...items);
      loaded += hits.length;
      // Keyboard and screen-reader users continue where the new results begin.
      items[0]?.querySelector("a")?.focus();
    } else {
      list.replaceChildren(...hits.map(renderHit));
      loaded = hits.length;
      const distributions = { ...(main.facetDistribution || {}) };
      const levels = {};
      answers.forEach((answer, i) => {
        const role = roles[i];
        if (role.role === "list") {
          distributions[role.attribute] = answer.facetDistribution?.[role.attribute] || {};
        } else if (role.role === "level") {
          levels[role.level] = answer.facetDistribution?.[config.hierarchy[role.level]] || {};
        }
      });
      const childLevel = snapshot.levels.length;
      if (childLevel < config.hierarchy.length) {
        levels[childLevel] = distributions[config.hierarchy[childLevel]] || {};
      }
      renderFacets({ distributions, levels });
    }
    message.hidden = total > 0;
    message.textContent = total > 0 ? "" : text("noResults");
    if (!append) announceSearch(snapshot, total);
    status.textContent = total > 0 ? countText(total) : text("noResults");
    showResultsButton.textContent = text("showResults").replace("%(count)s", numbers.format(total));
    moreButton.hidden = loaded >= total;
  }

  /**
   * Applies a change to the state, writes it to the URL (push: a step Back can undo;
   * replace: typing, which would otherwise fill the history with every letter) and searches.
   */
  function update(changes, { history = "push", delay = 0, resetPage = true } = {}) {
    state = { ...state, ...changes };
    if (resetPage) state.page = 1;
    const url = queryString(state);
    if (url !== (location.search || location.pathname)) {
      window.history[history === "push" ? "pushState" : "replaceState"](null, "", url);
    }
    showFilterCount();
    schedule(delay, () => search());
  }

  input.addEventListener("input", () => {
    update({ q: input.value }, { history: "replace", delay: TYPING_DELAY_MS });
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update({ q: input.value }, { history: "push" });
    // On a phone, put the keyboard away so the results can be seen.
    if (matchMedia("(pointer: coarse)").matches) input.blur();
  });
  sortSelect.addEventListener("change", () => update({ sort: sortSelect.value }));
  showResultsButton.addEventListener("click", () => {
    panel.open = false;
    results.scrollIntoView({ block: "start" });
    status.tabIndex = -1;
    status.focus({ preventScroll: true });
  });
  clearButton.addEventListener("click", () => {
    update({ lists: {}, levels: [], flags: [], ranges: {} });
    showAllRanges();
    input.focus();
  });
  moreButton.addEventListener("click", () => {
    state = { ...state, page: state.page + 1 };
    window.history.replaceState(null, "", queryString(state));
    search({ append: true });
  });
  window.addEventListener("popstate", () => {
    state = stateFromUrl();
    input.value = state.q;
    sortSelect.value = state.sort;
    showAllRanges();
    showFilterCount();
    schedule(0, () => search());
  });

  showFilterCount();
  search();
}
