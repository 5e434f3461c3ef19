// Tag policies run on RE2 over OCI-bounded tags (issue 10 point 3). With a backtracking engine the
// `(a+)+b` cases below would not finish: the test guards the engine choice without timing it.
import { describe, expect, it } from "vitest";
import { compilesAsRegex, matchesSomewhere, matchesWhole } from "../../shared/pipelines/config/regex.js";
import { refuseTag } from "../../shared/pipelines/tagPolicy.js";
import { problemsOf, MINIMAL } from "./problems.js";

describe("configured patterns", () => {
  it("match the whole tag, linear in its length", () => {
    const evil = { kind: "regex" as const, pattern: "(a+)+b" };
    expect(refuseTag(evil, "a".repeat(128))).toBe(`tag ${"a".repeat(128)} does not match /(a+)+b/`);
    expect(refuseTag(evil, "aaab")).toBeUndefined();
    expect(refuseTag({ kind: "regex", pattern: "v\\d+\\.\\d+" }, "v1.2")).toBeUndefined();
    expect(refuseTag({ kind: "regex", pattern: "v\\d+" }, "xv1")).toContain("does not match");
    expect(matchesSomewhere("(a+)+b", "a".repeat(1 << 20))).toBe(false);
    expect(matchesWhole("(?i)main-[0-9a-f]{7}", "MAIN-abc1234")).toBe(true);
  });

  it("refuse tags longer than OCI allows before any pattern runs", () => {
    expect(refuseTag({ kind: "any" }, "a".repeat(129))).toBe("the tag is 129 characters long; OCI tags have at most 128");
    expect(refuseTag({ kind: "any" }, "-x")).toContain("not an OCI tag");
    expect(refuseTag({ kind: "semver", range: "^1.0.0" }, `1.0.0-${"a".repeat(200)}`)).toContain("at most 128");
  });

  it("refuse at load what RE2 cannot run in linear time (lookaround, backreferences)", () => {
    expect(compilesAsRegex("(?=x)y")).toBe(false);
    expect(compilesAsRegex("(a)\\1")).toBe(false);
    expect(problemsOf(MINIMAL.replace("image: myacr.azurecr.io/web }", "image: myacr.azurecr.io/web, tags: { kind: regex, pattern: '(?!rc)v.*' } }"))).toEqual([
      expect.stringContaining("pipelines[0].source.tags.pattern: expected a valid RE2 regular expression (JavaScript syntax without lookaround or backreferences)"),
    ]);
  });
});
