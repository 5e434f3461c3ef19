/**
 * Where the CLI talks to and how it proves who it is, from flags, then the environment, then a
 * config file: a named ops key for a local Baton (sent in x-functions-key, never in a URL), or an
 * Entra token for Baton in Azure (App Service Authentication turns it into roles), so `az login`
 * is enough.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { z } from "zod";

export interface CliTarget {
  url: string;
  /** Headers that authenticate each request. */
  headers(): Promise<Record<string, string>>;
  /** How it authenticates, for error messages (never the secret). */
  describe: string;
}

export interface TargetOptions {
  url?: string;
  key?: string;
  scope?: string;
  config?: string;
}

const configFile = z.object({ url: z.string().optional(), key: z.string().optional(), scope: z.string().optional() }).strict();

export const DEFAULT_URL = "http://127.0.0.1:7071";

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function resolveTarget(options: TargetOptions, env: Record<string, string | undefined>, credential?: () => TokenCredential): CliTarget {
  const file = readConfig(options.config ?? env["BATON_CONFIG"] ?? join(homedir(), ".config", "baton", "config.json"), options.config !== undefined || env["BATON_CONFIG"] !== undefined);
  const url = (options.url ?? env["BATON_URL"] ?? file.url ?? DEFAULT_URL).replace(/\/+$/, "");
  const parsed = parseUrl(url);
  if (parsed.search || parsed.username || parsed.password) throw new CliError("the Baton URL must carry no query or credentials: give the ops key with --key, BATON_OPS_KEY or the config file");
  const key = options.key ?? env["BATON_OPS_KEY"] ?? file.key;
  if (key) return { url, headers: () => Promise.resolve({ "x-functions-key": key }), describe: "an ops key" };
  const scope = options.scope ?? env["BATON_SCOPE"] ?? file.scope;
  if (scope) {
    let source: TokenCredential | undefined;
    return {
      url,
      describe: `an Entra token for ${scope}`,
      async headers() {
        source ??= credential ? credential() : new DefaultAzureCredential();
        const token = await source.getToken(scope).catch((error: unknown) => {
          throw new CliError(`cannot get an Entra token for ${scope} (try az login): ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
        });
        if (!token) throw new CliError(`no Entra token for ${scope} (try az login)`);
        return { authorization: `Bearer ${token.token}` };
      },
    };
  }
  return { url, headers: () => Promise.resolve({}), describe: "no credentials (set BATON_OPS_KEY, or BATON_SCOPE for Azure)" };
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new CliError(`not a URL: ${url}`);
  }
}

function readConfig(path: string, required: boolean): z.infer<typeof configFile> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    if (required) throw new CliError(`cannot read the config file ${path}`);
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not JSON`);
  }
  const result = configFile.safeParse(json);
  if (!result.success) throw new CliError(`${path}: expected {"url", "key" or "scope"}: ${result.error.issues.map((i) => `${i.path.join(".") || "(top)"} ${i.message}`).join("; ")}`);
  return result.data;
}
