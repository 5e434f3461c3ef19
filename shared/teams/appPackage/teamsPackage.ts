/**
 * The Teams app package (issue 11 section 2): appPackage/manifest.json with its placeholders
 * filled, and the two icons, zipped flat as Teams expects (no folder inside the zip). The zip is
 * written with fflate; entries carry a fixed date so the same input gives the same bytes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync, type Zippable } from "fflate";

export const PACKAGE_FILES = ["manifest.json", "color.png", "outline.png"] as const;

export interface TeamsPackageOptions {
  /** The bot's Microsoft App ID (BATON_TEAMS_APP_ID): `bots[].botId`. */
  botId: string;
  /** The Teams app's own id; by default the bot's app id, as Microsoft's bot templates do. */
  teamsAppId?: string;
  /** Baton's public https URL (BATON_PUBLIC_URL): the developer's website, privacy and terms links. */
  publicUrl: string;
  developerName?: string;
  /** The folder with manifest.json and the icons. */
  dir?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIXED_DATE = new Date("2026-01-01T00:00:00Z");

/** Replaces every `${{NAME}}`; a placeholder without a value is an error, never left in. */
export function fillManifest(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the manifest names \${{${name}}}, which has no value`);
    return JSON.stringify(value).slice(1, -1);
  });
}

export function manifestValues(options: TeamsPackageOptions): Record<string, string> {
  if (!GUID.test(options.botId)) throw new Error("the bot id must be the bot's Microsoft App ID (a GUID): set BATON_TEAMS_APP_ID or pass --bot-id");
  const teamsAppId = options.teamsAppId ?? options.botId;
  if (!GUID.test(teamsAppId)) throw new Error("the Teams app id must be a GUID (--app-id)");
  let url: URL;
  try {
    url = new URL(options.publicUrl);
  } catch {
    throw new Error("the public URL must be Baton's https URL: set BATON_PUBLIC_URL or pass --public-url");
  }
  if (url.protocol !== "https:") throw new Error("the public URL must use https (Teams refuses other developer links)");
  return { BOT_ID: options.botId, TEAMS_APP_ID: teamsAppId, PUBLIC_URL: url.toString(), DEVELOPER_NAME: options.developerName ?? "Baton" };
}

/** The zip's bytes: exactly manifest.json, color.png and outline.png at its root. */
export function buildTeamsPackage(options: TeamsPackageOptions): Uint8Array {
  const dir = options.dir ?? "appPackage";
  const manifest = fillManifest(readFileSync(join(dir, "manifest.json"), "utf8"), manifestValues(options));
  JSON.parse(manifest);
  const entries: Zippable = {};
  for (const name of PACKAGE_FILES) entries[name] = [name === "manifest.json" ? Buffer.from(manifest) : readFileSync(join(dir, name)), { mtime: FIXED_DATE }];
  return zipSync(entries, { level: 9 });
}
