/**
 * The `news-archive` command line (see `src/cli/commands.ts`). A failed command exits at once: a
 * preview that failed may have started watchers that would keep the process alive.
 */
import { runCommand } from "./cli/commands.ts";

const code = await runCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
if (code === 0) process.exitCode = 0;
else process.exit(code);
