/** Worker thread body: validates and scans each batch of a built site's files it is sent (see check.ts and check-file.ts). */
import { parentPort } from "node:worker_threads";
import { checkFiles, type CheckInput } from "./check-file.ts";

parentPort!.on("message", async (batch: CheckInput[]) => {
  parentPort!.postMessage(await checkFiles(batch));
});
