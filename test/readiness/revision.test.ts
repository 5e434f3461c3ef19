import { describe, expect, it } from "vitest";
import { commitOf, isAtCommit, parseRevision } from "../../shared/readiness/revision.js";

const SHA = "0ba6f0d30760d567de0bac86c8c4eec13ce1a590";
const DIGEST = "80f0d5c8786bb9e621a45ece0db56d11cdc624ad20da9fe62e9d25490f331d7d";

describe("parseRevision", () => {
  it.each([
    [`main@sha1:${SHA}`, { ref: "main", algorithm: "sha1", hash: SHA }],
    [`refs/heads/main@sha1:${SHA}`, { ref: "refs/heads/main", algorithm: "sha1", hash: SHA }],
    [`v1.2@sha1:${SHA}`, { ref: "v1.2", algorithm: "sha1", hash: SHA }],
    [`refs/tags/v1.2@sha1:${SHA}`, { ref: "refs/tags/v1.2", algorithm: "sha1", hash: SHA }],
    [`main/${SHA}`, { ref: "main", algorithm: "sha1", hash: SHA }],
    [`feature/login/${SHA}`, { ref: "feature/login", algorithm: "sha1", hash: SHA }],
    [SHA, { algorithm: "sha1", hash: SHA }],
    [`sha1:${SHA}`, { algorithm: "sha1", hash: SHA }],
    [`latest@sha256:${DIGEST}`, { ref: "latest", algorithm: "sha256", hash: DIGEST }],
    [`main@sha1:${SHA.toUpperCase()}`, { ref: "main", algorithm: "sha1", hash: SHA }],
  ])("reads %s", (raw, expected) => {
    expect(parseRevision(raw)).toEqual({ raw, ...expected });
  });

  it.each(["", "main", "1.4.2", "main@sha1:", `main@md5:${SHA}`, "main/0ba6f0d"])("rejects %j", (raw) => {
    expect(parseRevision(raw)).toBeUndefined();
  });

  it("extracts the commit and compares it with the promoted one, whatever the form", () => {
    expect(commitOf(`main/${SHA}`)).toBe(SHA);
    expect(isAtCommit(`main@sha1:${SHA}`, SHA.toUpperCase())).toBe(true);
    expect(isAtCommit(`main@sha1:${SHA}`, "1".repeat(40))).toBe(false);
    expect(isAtCommit("1.4.2", SHA)).toBe(false);
  });
});
