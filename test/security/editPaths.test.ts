// Issue 10 point 11: edit paths that leave the work tree or have two spellings (.git/config,
// apps//x.yaml, ./x, ../x, absolute, backslashes, NUL) are refused by the loader. Through the real
// runtime: a push for such a pipeline starts nothing and the repository is untouched.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import type { GitServer } from "../support/gitServer.js";
import { digestOf, gitLog, promotionId, pushImage, useBatonWorld } from "../e2e/world.js";
import { git } from "../support/bareRepo.js";

const world = useBatonWorld({
  tablePrefix: "secp11",
  rewrite: (yaml) => yaml.replace("file: apps/orders-api/overlays/{stage}/kustomization.yaml", "file: .git/config"),
});
let host: TestHost;
let server: GitServer;
beforeAll(() => {
  ({ host, server } = world());
});

describe("an edit of .git/config", () => {
  it("is refused at load: no promotion starts and the repository does not change", async () => {
    const commits = await gitLog(server);
    const config = await git(server.gitdir("gitops"), ["config", "--list", "--local"]);
    const digest = digestOf(0x11e);
    // Event Grid gets 202: with the file invalid the delivery is kept (issue 9 point 6), never promoted under it.
    expect((await pushImage(host, "11.0.0", digest, "2026-03-11T00:00:00Z")).status).toBe(202);
    await host.settle();
    await expect(host.status(promotionId(digest))).rejects.toThrow(/No instance/);
    expect(await gitLog(server)).toEqual(commits);
    expect(await git(server.gitdir("gitops"), ["config", "--list", "--local"])).toBe(config);
  });
});
