// The search index as Pagefind's UI sees it: the module the UI imports from its bundlePath, with
// the functions of Pagefind's own pagefind.js (https://pagefind.app/docs/api/), over the index's
// bundles (one per year or run of months, newest first, listed in #search's data-bundles), each
// an instance of the newest bundle's pagefind.js (createInstance).
//
// By relevance, the newest bundle is searched with the others merged in (Pagefind's mergeIndex),
// which ranks results across bundles. Pagefind orders merged results by score even when asked for
// a sort, so by date each bundle is searched on its own with Pagefind's sort, and the results are
// joined in bundle order: the bundles hold disjoint runs of dates, so that is the date order.
const [newest, ...older] = document.getElementById("search").dataset.bundles.split(" ");
const pagefind = await import(new URL("pagefind.js", new URL(newest, location.href)).href);
const merged = pagefind.createInstance({ basePath: newest });
let given = {}; // the options the UI gave, for every instance
let merging = null; // the older bundles merged into `merged`, once the options are known
let single = null; // one instance per bundle, newest first, made the first time a date order is asked for
let latest = 0;
let lastFilters = {};

/** The order of results: "relevance", "newest" or "oldest" (search.js sets it from the page's control). */
let order = "relevance";
export function setOrder(value) {
  order = value;
}

/** The filters of the last search, { tag: ["Syria"] }: what search.js passes back to search again in another order. */
export function currentFilters() {
  return lastFilters;
}

export async function options(value) {
  given = { ...given, ...value };
  await merged.options(value);
  if (single) await Promise.all(single.map((instance) => instance.options(value)));
}

// The merged index, with every older bundle in it.
function ready() {
  merging ??= (async () => {
    for (const bundlePath of older) await merged.mergeIndex(bundlePath, given);
  })();
  return merging;
}

export async function init() {
  await ready();
  await merged.init();
}

export async function mergeIndex(bundlePath, value) {
  await ready();
  await merged.mergeIndex(bundlePath, value);
}

export async function filters() {
  await ready();
  return merged.filters();
}

export async function preload(term, value) {
  await ready();
  return merged.preload(term, value);
}

export async function search(term, value = {}) {
  lastFilters = value.filters ?? {};
  await ready();
  if (order === "relevance") return merged.search(term, value);
  single ??= await Promise.all(
    [newest, ...older].map(async (basePath) => {
      const instance = pagefind.createInstance({ basePath });
      await instance.options(given);
      return instance;
    }),
  );
  const newestFirst = order === "newest";
  const instances = newestFirst ? single : [...single].reverse();
  const found = await Promise.all(instances.map((instance) => instance.search(term, { ...value, sort: { date: newestFirst ? "desc" : "asc" } })));
  return {
    results: found.flatMap((one) => one.results),
    unfilteredResultCount: found.reduce((sum, one) => sum + one.unfilteredResultCount, 0),
    filters: sumCounts(found.map((one) => one.filters)),
    totalFilters: sumCounts(found.map((one) => one.totalFilters)),
    timings: found.map((one) => one.timings),
  };
}

// As Pagefind's: null when a newer search started while this one waited.
export async function debouncedSearch(term, value, timeout = 300) {
  const mine = ++latest;
  await new Promise((resolve) => setTimeout(resolve, timeout));
  return mine === latest ? search(term, value) : null;
}

export async function destroy() {
  await merged.destroy();
  if (single) await Promise.all(single.map((instance) => instance.destroy()));
  single = null;
}

// Filter counts of several bundles added up: { tag: { Syria: 3 } } and { tag: { Syria: 2 } } → { tag: { Syria: 5 } }.
function sumCounts(all) {
  const sum = {};
  for (const counts of all) {
    for (const [name, values] of Object.entries(counts ?? {})) {
      sum[name] ??= {};
      for (const [value, count] of Object.entries(values)) sum[name][value] = (sum[name][value] ?? 0) + count;
    }
  }
  return sum;
}
