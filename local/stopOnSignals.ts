import type { RunningHost } from "./host.js";

/** Ctrl+C or a service manager's TERM stops the host cleanly, then the process, with its outcome. */
export function stopOnSignals(host: Pick<RunningHost, "stop">): void {
  const shutdown = (): void => {
    host.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
