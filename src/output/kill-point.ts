/**
 * Named points where a test can have the process killed (SIGKILL, as a crash or power cut would),
 * to prove that what a killed command leaves behind is safe: NEWS_ARCHIVE_KILL_AT=deploy:prune.
 * Unset in normal use, where a kill point does nothing.
 */
export function killPoint(name: string): void {
  if (process.env.NEWS_ARCHIVE_KILL_AT === name) process.kill(process.pid, "SIGKILL");
}
