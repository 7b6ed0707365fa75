/** Worker thread body: makes a batch of search bundles with a Pagefind process of its own (see search.ts). */
import { parentPort } from "node:worker_threads";
import { indexBundles, type BundleInput } from "./search.ts";

parentPort!.once("message", async (batch: BundleInput[]) => {
  parentPort!.postMessage(await indexBundles(batch));
});
