/** Worker thread body: makes search bundles, one a message, with a Pagefind process of its own (see search.ts); null ends it. */
import { parentPort } from "node:worker_threads";
import { closeIndexer, indexBundle, type BundleInput } from "./search.ts";

parentPort!.on("message", async (input: BundleInput | null) => {
  if (input === null) {
    await closeIndexer();
    parentPort!.postMessage(null);
    return;
  }
  parentPort!.postMessage(await indexBundle(input));
});
