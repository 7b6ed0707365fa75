/** Worker thread body: parses and validates each batch of article files it is sent (see load.ts). */
import { parentPort } from "node:worker_threads";
import { parseArticle, type ParseInput } from "./front-matter.ts";

parentPort!.on("message", (batch: ParseInput[]) => {
  parentPort!.postMessage(batch.map(parseArticle));
});
