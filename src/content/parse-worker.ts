/** Worker thread body: parses and validates a batch of article files (see load.ts). */
import { parentPort } from "node:worker_threads";
import { parseArticle, type ParseInput } from "./front-matter.ts";

parentPort!.once("message", (batch: ParseInput[]) => {
  parentPort!.postMessage(batch.map(parseArticle));
});
