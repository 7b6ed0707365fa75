// The search page: Pagefind's UI over the archive's index (public/js/pagefind-archive/pagefind.js
// joins its bundles into one), with an order control: best match, newest first or oldest first.
// A query in the address (/search/?q=Assad, as the 404 page's form sends) is searched at once;
// &order=newest or oldest sets the order, and choosing one writes it into the address.
const element = document.getElementById("search");
const index = element.dataset.index;
const ui = new PagefindUI({
  element: "#search",
  baseUrl: element.dataset.baseUrl,
  bundlePath: index,
  showSubResults: false,
  showImages: false,
  resetStyles: false,
});
const orderControl = document.getElementById("search-order");
const address = new URL(location.href);
const orders = [...orderControl.options].map((option) => option.value);
if (orders.includes(address.searchParams.get("order"))) orderControl.value = address.searchParams.get("order");
const applyOrder = async () => {
  const adapter = await import(new URL("pagefind.js", new URL(index, location.href)).href);
  adapter.setOrder(orderControl.value);
  return adapter;
};
orderControl.addEventListener("change", async () => {
  const adapter = await applyOrder();
  address.searchParams.set("order", orderControl.value);
  history.replaceState(null, "", address);
  ui.triggerFilters(adapter.currentFilters()); // searches again, with the same words and filters
});
const query = address.searchParams.get("q");
if (orderControl.value !== "relevance") await applyOrder();
if (query) ui.triggerSearch(query);
