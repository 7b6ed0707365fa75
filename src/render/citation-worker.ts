/** Worker thread body: formats each batch of citations it is sent (see citation-styles.ts). */
import { parentPort } from "node:worker_threads";
import type { CitationInput } from "../archive/citation.ts";
import { formatCitations } from "./citation-styles.ts";

parentPort!.on("message", (batch: CitationInput[]) => {
  parentPort!.postMessage(batch.map(formatCitations));
});
