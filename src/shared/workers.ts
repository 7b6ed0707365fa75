/** A batch of independent jobs split across worker threads, one batch per worker, results in order. */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
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
 * `inputs`, split into `jobs` contiguous batches, one worker each. The module must answer one
 * message (an array of inputs) with one message (an array of results, same length and order).
 * Returns all results in input order.
 */
export async function mapInWorkers<Input, Result>(source: `src/${string}-worker.ts`, inputs: readonly Input[], jobs: number): Promise<Result[]> {
  const size = Math.ceil(inputs.length / jobs);
  const batches = Array.from({ length: jobs }, (_, i) => inputs.slice(i * size, (i + 1) * size)).filter((b) => b.length > 0);
  const boot = workerBoot(source);
  const results = await Promise.all(
    batches.map(
      (batch) =>
        new Promise<Result[]>((resolve, reject) => {
          const worker = new Worker(boot, { eval: true });
          worker.once("message", (message: Result[]) => {
            resolve(message);
            void worker.terminate();
          });
          worker.once("error", reject);
          worker.postMessage(batch);
        }),
    ),
  );
  return results.flat();
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
