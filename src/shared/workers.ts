/** A batch of independent jobs split across worker threads, one batch per worker, results in order. */
import { Worker } from "node:worker_threads";

// Workers do not inherit tsx's loader hooks, so each one registers them before importing its module.
// https://tsx.is/dev-api/register-esm
const TSX_API = import.meta.resolve("tsx/esm/api");

/**
 * Runs `module`'s message handler on `inputs`, split into `jobs` contiguous batches, one worker
 * each. The module must answer one message (an array of inputs) with one message (an array of
 * results, same length and order). Returns all results in input order.
 */
export async function mapInWorkers<Input, Result>(module: URL, inputs: readonly Input[], jobs: number): Promise<Result[]> {
  const size = Math.ceil(inputs.length / jobs);
  const batches = Array.from({ length: jobs }, (_, i) => inputs.slice(i * size, (i + 1) * size)).filter((b) => b.length > 0);
  const boot = `import { register } from ${JSON.stringify(TSX_API)}; register(); await import(${JSON.stringify(module.href)});`;
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
