import { describe, expect, it } from "vitest";
import { GitHubSignatureVerifier } from "../../shared/ingest/verify/githubSignature.js";
import { checkHmacSignature } from "../../shared/ingest/verify/hmacSignature.js";
import { secretsEqual } from "../../shared/ingest/verify/constantTime.js";
import { signFlux, signGitHub } from "./signing.js";

// GitHub's published vector (docs: validating webhook deliveries).
const VECTOR = { secret: "It's a Secret to Everybody", payload: "Hello, World!", signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" };

describe("signatures", () => {
  it("signs like GitHub (its published test vector)", async () => {
    expect(await signGitHub(VECTOR.payload, VECTOR.secret)).toBe(VECTOR.signature);
  });

  it("verifies GitHub's vector with the current or an additional secret only", () => {
    const verifier = new GitHubSignatureVerifier();
    const payload = Buffer.from(VECTOR.payload, "utf8");
    expect(verifier.verify(payload, VECTOR.signature, [VECTOR.secret])).toBe(true);
    expect(verifier.verify(payload, VECTOR.signature.toUpperCase().replace("SHA256=", "sha256="), [VECTOR.secret])).toBe(true);
    expect(verifier.verify(payload, VECTOR.signature, ["new-secret", VECTOR.secret])).toBe(true);
    expect(verifier.verify(payload, VECTOR.signature, ["other"])).toBe(false);
    expect(verifier.verify(payload, "", [VECTOR.secret])).toBe(false);
    expect(verifier.verify(payload, VECTOR.signature.slice(0, -2), [VECTOR.secret])).toBe(false);
    expect(verifier.verify(payload, VECTOR.signature.replace("sha256=", "sha1="), [VECTOR.secret])).toBe(false);
    expect(verifier.verify(Buffer.from("Hello, World?"), VECTOR.signature, [VECTOR.secret])).toBe(false);
  });

  it("checks Flux HMAC headers of every SHA-2 size and refuses malformed ones", () => {
    const body = Buffer.from('{"a":1}');
    for (const algorithm of ["sha1", "sha224", "sha256", "sha384", "sha512"]) {
      expect(checkHmacSignature(signFlux(body, "t", algorithm), body, "t")).toBe("valid");
      expect(checkHmacSignature(signFlux(body, "u", algorithm), body, "t")).toBe("mismatch");
    }
    expect(checkHmacSignature("sha256=zz", body, "t")).toBe("malformed");
    expect(checkHmacSignature("md5=" + "0".repeat(32), body, "t")).toBe("malformed");
    expect(checkHmacSignature(signFlux(body, "t").slice(0, -2), body, "t")).toBe("malformed");
  });

  it("compares shared secrets of any length without throwing", () => {
    expect(secretsEqual("abc", "abc")).toBe(true);
    expect(secretsEqual("abc", "abcd")).toBe(false);
    expect(secretsEqual("", "")).toBe(false);
  });
});
