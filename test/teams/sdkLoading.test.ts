// Issue 13 (cold start): the Teams SDK is loaded only where it is used. The esbuild metafile of
// the function modules gives Baton's own import graph, with every npm package left external (only
// our code imports the SDK; no other dependency does). Following only static imports (what runs
// when a module is imported), no function reaches the Microsoft 365 Agents SDK. The messaging
// endpoint and the activities that post cards reach it through `await import()`, on first use.
import { readdirSync } from "node:fs";
import type { Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { metafileOf, reachable } from "../support/importGraph.js";

const TEAMS_SDK = /^@microsoft\/agents-(hosting|activity)(\/|$)/;
const ARCHIVED_SDK = /^(botbuilder|botframework-[a-z-]+)(\/|$)/;

const functions = readdirSync("functions").filter((f) => f.endsWith(".ts")).sort().map((f) => `functions/${f}`);
let metafile: Metafile;
beforeAll(async () => {
  metafile = await metafileOf(functions);
}, 120_000);

describe("which function modules load the Teams SDK", () => {
  it.each(functions)("%s does not load it when imported", (entry) => {
    expect(metafile.inputs[entry]).toBeDefined();
    expect([...reachable(metafile, entry, false)].filter((p) => TEAMS_SDK.test(p))).toEqual([]);
  });

  it.each(["functions/teamsMessages.ts", "functions/orchestrations.ts"])("%s loads it on first use (await import)", (entry) => {
    expect([...reachable(metafile, entry, true)].some((p) => TEAMS_SDK.test(p))).toBe(true);
  });

  it.each(functions)("%s has no trace of the archived Bot Framework SDK", (entry) => {
    expect([...reachable(metafile, entry, true)].filter((p) => ARCHIVED_SDK.test(p))).toEqual([]);
  });
});
