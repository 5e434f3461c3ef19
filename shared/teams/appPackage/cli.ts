/**
 * `npm run teams:package`: writes the Teams app package (a zip to upload in the Teams admin
 * center or Developer Portal). Settings come from the flags or, by default, from the same
 * settings Baton reads: BATON_TEAMS_APP_ID and BATON_PUBLIC_URL.
 *
 *   npm run teams:package -- [--bot-id <guid>] [--public-url https://...] [--app-id <guid>]
 *                            [--developer <name>] [--out appPackage/build/baton-teams.zip]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { buildTeamsPackage } from "./teamsPackage.js";

export function runTeamsPackageCli(argv: string[], env: Record<string, string | undefined>): string {
  const { values } = parseArgs({
    args: argv,
    options: {
      "bot-id": { type: "string" },
      "public-url": { type: "string" },
      "app-id": { type: "string" },
      developer: { type: "string" },
      out: { type: "string", default: "appPackage/build/baton-teams.zip" },
    },
    strict: true,
  });
  const zip = buildTeamsPackage({
    botId: values["bot-id"] ?? env["BATON_TEAMS_APP_ID"] ?? "",
    publicUrl: values["public-url"] ?? env["BATON_PUBLIC_URL"] ?? "",
    ...(values["app-id"] ? { teamsAppId: values["app-id"] } : {}),
    ...(values.developer ? { developerName: values.developer } : {}),
  });
  const out = values.out ?? "appPackage/build/baton-teams.zip";
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  return out;
}

if (process.argv[1]?.endsWith("cli.ts")) {
  try {
    console.log(`wrote ${runTeamsPackageCli(process.argv.slice(2), process.env)}`);
  } catch (error) {
    console.error(`teams:package: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
