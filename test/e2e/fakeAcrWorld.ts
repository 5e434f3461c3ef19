// A fake ACR for end-to-end tests, under the registry name the test's pipelines use: the doors'
// registry reads (test/fixtures/e2e/registryDoorsApp.ts) reach it on loopback with the Entra
// token it accepts. Call before useBatonWorld so it is up when Baton starts.
import type { AccessToken } from "@azure/identity";
import { afterAll, beforeAll, expect } from "vitest";
import { HostAllowList } from "../../shared/net/hostAllowList.js";
import { guardedFetch } from "../../shared/net/outboundGuard.js";
import { PrivateNetworks } from "../../shared/net/outboundPolicy.js";
import { setIngestOverrides } from "../fixtures/e2e/overrides.js";
import { startFakeAcr, type FakeAcr } from "../support/fakeAcr.js";

/** Every function file but the Event Grid doors, which the fixture registers with the overrides. */
export const REGISTRY_DOORS_ENTRY = ["functions/!(ingestEventgrid|acrEventgridTrigger).ts", "test/fixtures/e2e/registryDoorsApp.ts"];

export function useFakeAcr(name: string): () => FakeAcr {
  let acr: FakeAcr | undefined;
  beforeAll(async () => {
    const started = await startFakeAcr({ name });
    acr = started;
    const loopback = guardedFetch({ hosts: new HostAllowList(["127.0.0.1"]), allowLoopback: true, privateNetworks: new PrivateNetworks([]) });
    setIngestOverrides({
      registryCredential: { getToken: (): Promise<AccessToken> => Promise.resolve({ token: started.entraToken, expiresOnTimestamp: Date.now() + 3_600_000 }) },
      // https://<name>/… is the fake on loopback (it speaks plain http).
      registryFetch: (input, init) => loopback(String(input instanceof Request ? input.url : input).replace(`https://${name}/`, `http://${started.address}/`), init),
    });
  });
  afterAll(async () => {
    expect(acr?.violations ?? []).toEqual([]);
    await acr?.close();
  });
  return () => {
    if (!acr) throw new Error("the fake ACR is not running: call useFakeAcr() at the top of the test file");
    return acr;
  };
}
