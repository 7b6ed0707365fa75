/** Worker thread body: validates and scans a batch of a built site's files (see check.ts and check-file.ts). */
import { parentPort } from "node:worker_threads";
import { checkFiles, type CheckInput } from "./check-file.ts";

parentPort!.once("message", async (batch: CheckInput[]) => {
  parentPort!.postMessage(await checkFiles(batch));
});
