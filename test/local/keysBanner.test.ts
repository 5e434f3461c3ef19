// The start banner says where the host keys are, and prints them (the master key too) only when
// asked: a console is often captured (CI logs, a shared screen).
import { afterEach, describe, expect, it } from "vitest";
import { keysBanner, showKeys } from "../../local/host.js";
import type { HostKeys } from "../../local/keys/hostKeys.js";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { contractAppDir } from "./contractApp.js";

let host: TestHost | undefined;
afterEach(async () => {
  await host?.dispose();
  host = undefined;
});

function printed(h: TestHost): string {
  return h.logs.map((l) => l.message).join("\n");
}

describe("the local host's start banner", () => {
  it("says where the keys are and how to print them, and prints none of them by default", async () => {
    host = await startTestHost({ appDir: contractAppDir });
    const text = printed(host);
    for (const key of [host.keys.master, ...Object.values(host.keys.system)]) expect(text).not.toContain(key);
    expect(text).toContain(`Host keys: in ${host.keys.file} (masterKey.value, systemKeys)`);
    expect(text).toContain("--show-keys");
    // The keys still work: the banner hides them, nothing else changes.
    expect((await host.fetch("/admin/functions")).status).toBe(200);
  });

  it("prints them with --show-keys", async () => {
    host = await startTestHost({ appDir: contractAppDir, showKeys: true });
    expect(printed(host)).toContain(`master ${host.keys.master}, durabletask_extension ${host.keys.system.durabletask_extension}`);
  });

  it("takes the flag, else BATON_HOST_SHOW_KEYS=true", () => {
    expect(showKeys(undefined, {})).toBe(false);
    expect(showKeys(undefined, { BATON_HOST_SHOW_KEYS: "true" })).toBe(true);
    expect(showKeys(undefined, { BATON_HOST_SHOW_KEYS: "1" })).toBe(false);
    expect(showKeys(true, {})).toBe(true);
    expect(showKeys(false, { BATON_HOST_SHOW_KEYS: "true" })).toBe(false);
    const keys: HostKeys = { file: "/data/host-keys.json", master: "m-secret", system: { durabletask_extension: "d-secret", eventgrid_extension: "e-secret" } };
    expect(keysBanner(keys, false)).not.toMatch(/secret/);
  });
});
