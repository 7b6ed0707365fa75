/** Independent jobs split across worker threads, a share at a time to whichever is free, results in order. */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { BUNDLED, PROJECT_ROOT } from "./project.ts";

/**
 * How a worker starts: from the bundle src/launch.mjs compiled (each `src/**\/*-worker.ts` is an
 * entry of it, `<name>.mjs` beside this code), or from source. Workers do not inherit tsx's loader
 * hooks, so from source each one registers them before importing its module
 * (https://tsx.is/dev-api/register-esm).
 */
function workerBoot(source: string): string {
  if (BUNDLED) return `await import(${JSON.stringify(new URL(`./${path.basename(source, ".ts")}.mjs`, import.meta.url).href)});`;
  const tsx = import.meta.resolve("tsx/esm/api");
  return `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(pathToFileURL(path.join(PROJECT_ROOT, source)).href)});`;
}

/**
 * Runs the message handler of the worker module `source` (e.g. "src/content/parse-worker.ts") on
 * `inputs`, on `jobs` workers. The inputs go out in shares of about a thirty-second of a worker's
 * part, the next to whichever worker answers first, so a worker that drew quick inputs takes more
 * instead of waiting for the other at the end. The module must answer each message (an array of
 * inputs) with one message (an array of results, same length and order). Returns all results in
 * input order. `resourceLimits` sizes each worker's heap.
 */
export async function mapInWorkers<Input, Result>(
  source: `src/${string}-worker.ts`,
  inputs: readonly Input[],
  jobs: number,
  resourceLimits?: ResourceLimits,
): Promise<Result[]> {
  const size = Math.max(1, Math.ceil(inputs.length / (jobs * 32)));
  const shares = Array.from({ length: Math.ceil(inputs.length / size) }, (_, i) => i * size);
  const results: Result[] = new Array<Result>(inputs.length);
  const boot = workerBoot(source);
  let next = 0;
  const run = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(boot, { eval: true, resourceLimits });
      let start = 0;
      const send = (): void => {
        if (next >= shares.length) {
          resolve();
          void worker.terminate();
          return;
        }
        start = shares[next++]!;
        worker.postMessage(inputs.slice(start, start + size));
      };
      worker.on("message", (message: Result[]) => {
        for (const [i, result] of message.entries()) results[start + i] = result;
        send();
      });
      worker.once("error", (error) => {
        next = shares.length; // the other workers stop after their share
        reject(error);
      });
      send();
    });
  await Promise.all(Array.from({ length: Math.min(jobs, shares.length) }, run));
  return results;
}

/** A worker thread kept for several calls: see `startWorker`. */
export interface KeptWorker<Input, Result> {
  /** Sends `input`; resolves with the worker's answer to it. One call at a time. */
  call(input: Input): Promise<Result>;
  /** Sends null (the module's cue to release what it holds and answer once more), then ends the thread. */
  close(): Promise<void>;
}

/**
 * Starts the worker module `source`, which answers each message with one message, and a null
 * message last (after releasing what it holds) with any message.
 */
export function startWorker<Input, Result>(source: `src/${string}-worker.ts`): KeptWorker<Input, Result> {
  const worker = new Worker(workerBoot(source), { eval: true });
  let failure: unknown = null;
  let waiting: { resolve: (value: Result) => void; reject: (error: unknown) => void } | null = null;
  worker.on("message", (message: Result) => waiting?.resolve(message));
  worker.on("error", (error) => {
    failure = error;
    waiting?.reject(error);
  });
  const send = (input: Input | null): Promise<Result> =>
    failure
      ? Promise.reject(failure)
      : new Promise<Result>((resolve, reject) => {
          waiting = { resolve, reject };
          worker.postMessage(input);
        });
  return {
    call: (input) => send(input),
    async close() {
      try {
        if (!failure) await send(null);
      } finally {
        await worker.terminate();
      }
    },
  };
}
