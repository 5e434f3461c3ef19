import { describe, expect, it } from "vitest";
import { retryOnLostRace } from "../../shared/gitops/casRetry.js";
import { commitMessage, parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { GitOpsError } from "../../shared/gitops/errors.js";
import { digestA } from "./helpers.js";

const context = { promotionId: "web-sha256-aaaa", pipeline: "web", stage: "prod", image: { name: "ghcr.io/acme/web", tag: "1.4.2", digest: digestA } };

describe("commit messages", () => {
  it("say what moved where, with trailers that round-trip", () => {
    const message = commitMessage(context, [{ file: "clusters/prod/kustomization.yaml", line: 9, where: "images[name=ghcr.io/acme/web].newTag", from: "1.4.1", to: "1.4.2" }]);
    expect(message).toBe(
      [
        `Promote ghcr.io/acme/web to 1.4.2@${digestA} in prod`,
        "",
        "Pipeline web, stage prod:",
        "- clusters/prod/kustomization.yaml:9 images[name=ghcr.io/acme/web].newTag: 1.4.1 -> 1.4.2",
        "",
        "Baton-Promotion: web-sha256-aaaa",
        "Baton-Pipeline: web",
        "Baton-Stage: prod",
        "Baton-Image: ghcr.io/acme/web",
        "Baton-Tag: 1.4.2",
        `Baton-Digest: ${digestA}`,
        "",
      ].join("\n"),
    );
    expect(parseCommitTrailers(message)).toEqual(context);
    expect(parseCommitTrailers("Fix typo\n\nSigned-off-by: someone")).toBeUndefined();
  });
});

describe("compare-and-swap retries", () => {
  it("stops after the configured attempts with a retryable conflict, backing off with jitter", async () => {
    const delays: number[] = [];
    const timing = { sleep: (ms: number) => (delays.push(ms), Promise.resolve()), random: () => 0.5 };
    const error = await retryOnLostRace({ attempts: 4, baseDelayMs: 100, maxDelayMs: 250 }, timing, "repo main", () => Promise.resolve({ lostRace: "moved" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitOpsError);
    expect(error).toMatchObject({ kind: "conflict", retryable: true });
    expect(delays).toEqual([50, 100, 125]);
  });
});
