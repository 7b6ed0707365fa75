// "Copy" buttons of the citation block: shown only where the Clipboard API is there to use.
// The citations themselves are text on the page, selectable without this script. A style's
// italics go along as HTML where the browser can write it, for word processors.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) continue;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      const text = source.textContent;
      if (source.tagName === "P" && window.ClipboardItem) {
        const item = { "text/plain": new Blob([text], { type: "text/plain" }), "text/html": new Blob([source.innerHTML], { type: "text/html" }) };
        await navigator.clipboard.write([new ClipboardItem(item)]);
      } else {
        await navigator.clipboard.writeText(text);
      }
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select the text to copy";
    }
    setTimeout(() => (button.textContent = label), 2000);
  });
}
