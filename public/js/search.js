// The search page: Pagefind's UI over the index `npm run build` writes to /pagefind/, one bundle
// per year (newest first): the newest is searched with the others merged in, as one index.
// A query in the address (/search/?q=Assad, as the 404 page's form sends) is searched at once.
const element = document.getElementById("search");
const [newest, ...older] = element.dataset.bundles.split(" ");
const ui = new PagefindUI({
  element: "#search",
  baseUrl: element.dataset.baseUrl,
  bundlePath: newest,
  mergeIndex: older.map((bundlePath) => ({ bundlePath })),
  showSubResults: false,
  showImages: false,
  resetStyles: false,
});
const query = new URLSearchParams(location.search).get("q");
if (query) ui.triggerSearch(query);
