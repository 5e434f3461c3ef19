/**
 * `baton-setup`: turns the pipelines file into what the other side needs.
 *   baton-setup clusters --pipelines .baton/pipelines.yaml --url https://<app> [--out dir]
 *       [--receiver-namespace flux-system] [--git-source flux-system/flux-system]
 *     Flux Provider, Secret and Alert per cluster and namespace, and the Receivers; YAML to stdout
 *     (or one file per cluster in --out). Tokens come from the environment as Baton's own local
 *     settings do: FLUX_WEBHOOK_TOKEN, and each receiver's tokenSecret; missing ones are marked
 *     REPLACE. Encrypt the Secrets (SOPS, Sealed Secrets) before committing them to Git.
 *   baton-setup github --url https://<app> --vault <key vault name>
 *     The GitHub webhook and GitHub App permissions, as JSON.
 *   baton-setup eventgrid --acr <registry resource id> --function-app <function app resource id>
 *     The azd parameter or Azure CLI commands for the Event Grid subscription.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { readPipelineTrust } from "../config/pipelineTrust.js";
import { loadPipelineConfig } from "../pipelines/config/load.js";
import { PipelineConfigError, formatProblem } from "../pipelines/config/errors.js";
import { eventGridSetup } from "./eventGridSetup.js";
import { clusterSetups } from "./fluxManifests.js";
import { githubSetup } from "./githubSetup.js";

export interface SetupIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string | undefined>;
  writeFile(path: string, text: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  env: Record<string, string | undefined>;
}

const USAGE = "usage: baton-setup clusters --pipelines FILE --url URL [--out DIR] [--receiver-namespace NS] [--git-source NS/NAME]\n       baton-setup github --url URL --vault NAME\n       baton-setup eventgrid --acr RESOURCE_ID --function-app RESOURCE_ID\n";

export async function runSetup(argv: string[], io: SetupIo): Promise<number> {
  const [command, ...rest] = argv;
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        pipelines: { type: "string" },
        url: { type: "string" },
        out: { type: "string" },
        "receiver-namespace": { type: "string" },
        "git-source": { type: "string" },
        vault: { type: "string" },
        acr: { type: "string" },
        "function-app": { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const need = (...names: string[]): boolean => {
    const missing = names.filter((n) => !values[n]);
    if (missing.length > 0) io.stderr(`missing ${missing.map((m) => `--${m}`).join(", ")}\n${USAGE}`);
    return missing.length === 0;
  };
  switch (command) {
    case "clusters":
      return need("pipelines", "url") ? clusters(values, io) : 2;
    case "github":
      if (!need("url", "vault")) return 2;
      io.stdout(`${JSON.stringify(githubSetup(values.url ?? "", values.vault ?? ""), null, 2)}\n`);
      return 0;
    case "eventgrid": {
      if (!need("acr", "function-app")) return 2;
      const setup = eventGridSetup(values.acr ?? "", values["function-app"] ?? "");
      io.stdout(`# With azd (keeps it in the deployment):\n${setup.azdParameter}\n\n# Or with the Azure CLI:\n${setup.cli.join("\n")}\n`);
      return 0;
    }
    default:
      io.stderr(USAGE);
      return 2;
  }
}

async function clusters(values: Record<string, string | undefined>, io: SetupIo): Promise<number> {
  const path = values.pipelines ?? "";
  const text = await io.readFile(path);
  if (text === undefined) {
    io.stderr(`${path}: no such file\n`);
    return 1;
  }
  let config;
  try {
    // Baton's own settings bound the file here too, so the output is for a file Baton accepts.
    config = loadPipelineConfig(text, { path }, readPipelineTrust(io.env));
  } catch (error) {
    if (error instanceof PipelineConfigError) {
      io.stderr(`${error.problems.map(formatProblem).join("\n")}\n`);
      return 1;
    }
    throw error;
  }
  if (!/^https:\/\//.test(values.url ?? "") && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(values.url ?? "")) {
    io.stderr("--url must be Baton's https URL (Flux sends signed events there)\n");
    return 2;
  }
  const receiverTokens = Object.fromEntries(config.pipelines.flatMap((p) => p.stages.flatMap((s) => (s.readiness.receiver ? [[s.readiness.receiver.tokenSecret, io.env[s.readiness.receiver.tokenSecret]]] : []))));
  const setups = clusterSetups(config, {
    batonUrl: values.url ?? "",
    ...(io.env.FLUX_WEBHOOK_TOKEN ? { fluxToken: io.env.FLUX_WEBHOOK_TOKEN } : {}),
    receiverTokens,
    ...(values["receiver-namespace"] ? { receiverNamespace: values["receiver-namespace"] } : {}),
    ...(values["git-source"] ? { gitSource: values["git-source"] } : {}),
  });
  if (values.out) await io.mkdir(values.out);
  for (const setup of setups) {
    const yaml = `# Cluster ${setup.cluster}: Flux notifications to ${setup.address}\n${setup.manifests.map((m) => stringify(m)).join("---\n")}`;
    if (values.out) await io.writeFile(join(values.out, `${setup.cluster}.yaml`), yaml);
    else io.stdout(`---\n${yaml}`);
    for (const r of setup.receivers) {
      const state = r.matches === undefined ? `path /hook/... is known once the token is (kubectl -n <ns> get receiver baton -o jsonpath='{.status.webhookPath}')` : r.matches ? `matches ${r.webhookPath}` : `DOES NOT end with the Receiver's path ${r.webhookPath ?? ""}: fix receiver.url`;
      io.stderr(`receiver for ${r.pipeline}/${r.stage} on ${setup.cluster}: ${r.configuredUrl} ${state}\n`);
    }
  }
  if (!io.env.FLUX_WEBHOOK_TOKEN) io.stderr("FLUX_WEBHOOK_TOKEN is not set: the Secrets say REPLACE (value: az keyvault secret show -n flux-webhook-token)\n");
  return 0;
}
