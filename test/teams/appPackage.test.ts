// Issue 11 section 2: the Teams app package. The manifest, filled as `npm run teams:package`
// fills it, validates against Microsoft's published manifest schema of its version (shipped in
// @microsoft/app-manifest); the zip holds exactly the manifest and the two icons at its root;
// the icons have the sizes Teams requires (color 192x192, outline 32x32 white on transparent)
// and are what shared/teams/appPackage/icons.ts draws.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AjvDraft04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { unzipSync } from "fflate";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { runTeamsPackageCli } from "../../shared/teams/appPackage/cli.js";
import { colorIcon, outlineIcon } from "../../shared/teams/appPackage/icons.js";
import { buildTeamsPackage, fillManifest, manifestValues } from "../../shared/teams/appPackage/teamsPackage.js";

// Both are CommonJS whose default export TypeScript sees one level down under NodeNext.
type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
interface SchemaChecker {
  compile(schema: object): Validator;
}
const AjvDraft04 = (AjvDraft04Module as unknown as { default: new (options: object) => SchemaChecker }).default;
const addFormats = addFormatsModule as unknown as (ajv: SchemaChecker) => void;

const BOT_ID = "0d8f3a52-6a1e-4c39-9a57-2f3b8e6c1d11";
const OPTIONS = { botId: BOT_ID, publicUrl: "https://baton.contoso.example" };
const scratch = mkdtempSync(join(tmpdir(), "baton-teams-package-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function manifestSchema(version: string): object {
  const require = createRequire(import.meta.url);
  const root = require.resolve("@microsoft/app-manifest/package.json").replace(/package\.json$/, "");
  return JSON.parse(readFileSync(join(root, "build", "json-schemas", "teams", `v${version}`, "MicrosoftTeams.schema.json"), "utf8")) as object;
}

function png(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

describe("the Teams app package", () => {
  it("has a manifest valid against the published schema of its version", () => {
    const manifest = JSON.parse(fillManifest(readFileSync("appPackage/manifest.json", "utf8"), manifestValues(OPTIONS))) as { manifestVersion: string; $schema: string; bots: { botId: string }[]; id: string };
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    // The Teams schema is JSON Schema draft-04, with keywords ajv's strict mode does not know.
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(manifestSchema(manifest.manifestVersion));
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
    expect(manifest.bots[0]?.botId).toBe(BOT_ID);
    expect(manifest.id).toBe(BOT_ID);
  });

  it("zips exactly the manifest and the two icons, flat", () => {
    const files = unzipSync(buildTeamsPackage({ ...OPTIONS, teamsAppId: "8a1c7f00-aaaa-4bbb-8ccc-0000000000aa", developerName: "Contoso" }));
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8")) as { id: string; developer: { name: string; websiteUrl: string } };
    expect(manifest.id).toBe("8a1c7f00-aaaa-4bbb-8ccc-0000000000aa");
    expect(manifest.developer).toMatchObject({ name: "Contoso", websiteUrl: "https://baton.contoso.example/" });
    expect(Buffer.from(files["color.png"]!).equals(readFileSync("appPackage/color.png"))).toBe(true);
  });

  it("ships icons at the sizes Teams requires: color 192x192, outline 32x32 white on transparent", () => {
    const color = png(readFileSync("appPackage/color.png"));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = png(readFileSync("appPackage/outline.png"));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const alphas = new Set<number>();
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3]];
      if (a! > 0) expect([r, g, b]).toEqual([255, 255, 255]);
      alphas.add(a!);
    }
    expect(alphas.has(0)).toBe(true);
    expect(alphas.has(255)).toBe(true);
  });

  it("commits the icons the generator draws", () => {
    expect(colorIcon().equals(readFileSync("appPackage/color.png"))).toBe(true);
    expect(outlineIcon().equals(readFileSync("appPackage/outline.png"))).toBe(true);
  });

  it("writes the zip from Baton's settings, and refuses to package without a bot id or an https URL", () => {
    const out = join(scratch, "baton.zip");
    expect(runTeamsPackageCli(["--out", out], { BATON_TEAMS_APP_ID: BOT_ID, BATON_PUBLIC_URL: "https://baton.contoso.example" })).toBe(out);
    expect(Object.keys(unzipSync(readFileSync(out))).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    expect(() => runTeamsPackageCli(["--out", out], { BATON_PUBLIC_URL: "https://baton.contoso.example" })).toThrow(/BATON_TEAMS_APP_ID/);
    expect(() => runTeamsPackageCli(["--out", out, "--bot-id", BOT_ID, "--public-url", "http://baton.contoso.example"], {})).toThrow(/https/);
  });

  it("never leaves a placeholder unfilled", () => {
    expect(() => fillManifest('{"id":"${{NOPE}}"}', {})).toThrow(/NOPE/);
  });
});
