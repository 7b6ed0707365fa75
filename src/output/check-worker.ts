/** Worker thread body: validates and scans a batch of a built site's files (see check.ts). */
import { parentPort } from "node:worker_threads";
import { checkFiles, type CheckInput } from "./check.ts";

parentPort!.once("message", async (batch: CheckInput[]) => {
  parentPort!.postMessage(await checkFiles(batch));
});
