import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startAzurite, type RunningAzurite } from "../../local/azurite.js";

/** One in-memory Azurite on free ports for the calling test file, stopped after it. */
export function useAzurite(): () => RunningAzurite {
  let azurite: RunningAzurite | undefined;
  let location = "";
  beforeAll(async () => {
    location = await mkdtemp(join(tmpdir(), "baton-azurite-"));
    azurite = await startAzurite({ location, blobPort: 0, queuePort: 0, tablePort: 0, inMemory: true, silent: true });
  });
  afterAll(async () => {
    await azurite?.stop();
    await rm(location, { recursive: true, force: true });
  });
  return () => {
    if (!azurite) throw new Error("Azurite is not running: call useAzurite() at the top of the test file");
    return azurite;
  };
}
