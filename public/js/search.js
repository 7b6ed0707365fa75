// The search page: Pagefind's UI over the index `npm run build` writes to /pagefind/.
// A query in the address (/search/?q=Assad, as the 404 page's form sends) is searched at once.
const element = document.getElementById("search");
const ui = new PagefindUI({
  element: "#search",
  baseUrl: element.dataset.baseUrl,
  showSubResults: false,
  showImages: false,
  resetStyles: false,
});
const query = new URLSearchParams(location.search).get("q");
if (query) ui.triggerSearch(query);
