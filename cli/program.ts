/**
 * The `baton` command: the ops API for people at a terminal. Tables by default, `--json` for
 * scripts. `run` takes its outside world as parameters so tests drive it in-process.
 */
import { Command, CommanderError, Option } from "commander";
import type { TokenCredential } from "@azure/identity";
import type { DoraReport } from "../shared/ops/dora/metrics.js";
import type { PromotionSummary } from "../shared/ops/durable/promotionView.js";
import type { PipelineView } from "../shared/ops/pipelinesView/pipelinesView.js";
import { apiClient, type ApiClient } from "./apiClient.js";
import { CliError, DEFAULT_URL, resolveTarget } from "./credentials.js";
import { doraText, pipelinesText, promotionsText, promotionText, type PromotionDetail } from "./views.js";
import { watchPromotion, OUTCOME_EXIT_CODES } from "./watch.js";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  credential?: () => TokenCredential;
}

interface Globals {
  url?: string;
  key?: string;
  scope?: string;
  config?: string;
  json?: boolean;
}

const COMMANDS = ["pause", "resume", "retry", "rollback", "abort", "promote"] as const;

/** Runs one command line (without `node baton`); resolves with the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command("baton")
    .description("See and steer Baton promotions from a terminal.")
    .addOption(new Option("--url <url>", `Baton's base URL (env BATON_URL, default ${DEFAULT_URL})`))
    .addOption(new Option("--key <key>", "a named ops key for a local Baton (env BATON_OPS_KEY; prefer the env or the config file)"))
    .addOption(new Option("--scope <scope>", "Entra scope of Baton's app in Azure, e.g. api://<client id>/.default (env BATON_SCOPE; uses az login)"))
    .addOption(new Option("--config <file>", "JSON config file with url, key or scope (env BATON_CONFIG, default ~/.config/baton/config.json)"))
    .option("--json", "print the API's JSON instead of tables")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const client = (): ApiClient => {
    const g = program.opts<Globals>();
    return apiClient(resolveTarget(g, io.env, io.credential), io.fetch);
  };
  const print = <T>(value: T, text: (v: T) => string) => io.out(program.opts<Globals>().json ? JSON.stringify(value, null, 2) : text(value));
  const promotionPath = (id: string) => `/api/promotions/${encodeURIComponent(id)}`;

  program
    .command("status")
    .description("every pipeline by stage: the version at each since when, promotions in flight, holds")
    .action(async () => {
      const view = await client().get<{ pipelines: PipelineView[] }>("/api/pipelines");
      print(view, (v) => pipelinesText(v.pipelines));
    });

  program
    .command("promotions")
    .description("list promotions, newest first")
    .option("--pipeline <name>", "only this pipeline")
    .option("--outcome <list>", "succeeded, failed, rolled-back, aborted, superseded (comma-separated)")
    .option("--status <list>", "durable runtime status: Running, Suspended, Completed, …")
    .option("--since <time>", "created at or after (ISO 8601)")
    .option("--top <n>", "at most this many", "50")
    .action(async (o: { pipeline?: string; outcome?: string; status?: string; since?: string; top: string }) => {
      const q = new URLSearchParams({ top: o.top });
      if (o.pipeline) q.set("pipeline", o.pipeline);
      if (o.outcome) q.set("outcome", o.outcome);
      if (o.status) q.set("status", o.status);
      if (o.since) q.set("since", o.since);
      const page = await client().get<{ promotions: PromotionSummary[] }>(`/api/promotions?${q.toString()}`);
      print(page, (p) => promotionsText(p.promotions));
    });

  program
    .command("show <id>")
    .description("one promotion: where it is, its timeline and audit trail")
    .action(async (id: string) => {
      print(await client().get<PromotionDetail>(promotionPath(id)), promotionText);
    });

  program
    .command("watch <id>")
    .description(`follow a promotion live until it ends; exit code by outcome (${Object.entries(OUTCOME_EXIT_CODES).map(([o, c]) => `${o} ${c}`).join(", ")})`)
    .option("--interval <ms>", "poll interval", "2000")
    .action(async (id: string, o: { interval: string }) => {
      const interval = Number(o.interval);
      if (!Number.isInteger(interval) || interval < 50) throw new CliError("--interval must be a whole number of milliseconds, at least 50");
      const outcome = await watchPromotion(client(), promotionPath(id), { interval, out: (line) => io.out(line), json: program.opts<Globals>().json === true, sleep: io.sleep ?? sleep });
      exitCode = OUTCOME_EXIT_CODES[outcome];
    });

  for (const decision of ["approve", "reject"] as const) {
    program
      .command(`${decision} <id>`)
      .description(`${decision} the stage awaiting approval (approver role)`)
      .requiredOption("--reason <text>", "why (kept in the audit trail)")
      .option("--stage <name>", "the stage you mean (refused if it is not the one waiting)")
      .action(async (id: string, o: { reason: string; stage?: string }) => {
        const answer = await client().send<Record<string, unknown>>("POST", `${promotionPath(id)}/${decision}`, { reason: o.reason, ...(o.stage ? { stage: o.stage } : {}) });
        print(answer, () => `${decision === "approve" ? "approval" : "rejection"} accepted for ${id}`);
      });
  }

  for (const command of COMMANDS) {
    program
      .command(`${command} <id>`)
      .description(`${command} the promotion (operator role)`)
      .requiredOption("--reason <text>", "why (kept in the audit trail)")
      .option("--stage <name>", "the stage you mean")
      .action(async (id: string, o: { reason: string; stage?: string }) => {
        const answer = await client().send<Record<string, unknown>>("POST", `${promotionPath(id)}/${command}`, { reason: o.reason, ...(o.stage ? { stage: o.stage } : {}) });
        print(answer, () => `${command} accepted for ${id}`);
      });
  }

  program
    .command("skip <id>")
    .description("skip a gate of the running stage (operator role)")
    .requiredOption("--gate <name>", "the gate to skip")
    .requiredOption("--reason <text>", "why (kept in the audit trail)")
    .option("--stage <name>", "the stage you mean")
    .action(async (id: string, o: { gate: string; reason: string; stage?: string }) => {
      const answer = await client().send<Record<string, unknown>>("POST", `${promotionPath(id)}/skip`, { gate: o.gate, reason: o.reason, ...(o.stage ? { stage: o.stage } : {}) });
      print(answer, () => `skip of gate ${o.gate} accepted for ${id}`);
    });

  for (const verb of ["hold", "release"] as const) {
    program
      .command(verb)
      .description(verb === "hold" ? "stop the line: hold every pipeline, or one (operator role)" : "release the global hold, or a pipeline's (operator role)")
      .option("--pipeline <name>", "only this pipeline")
      .requiredOption("--reason <text>", "why (kept in the audit trail)")
      .action(async (o: { pipeline?: string; reason: string }) => {
        const scope = o.pipeline ?? "global";
        const answer = await client().send<Record<string, unknown>>(verb === "hold" ? "PUT" : "DELETE", `/api/holds/${encodeURIComponent(scope)}`, { reason: o.reason });
        print(answer, () => `${scope === "global" ? "global" : `pipeline ${scope}`} hold ${verb === "hold" ? "set" : "released"}`);
      });
  }

  program
    .command("dora")
    .description("deployment frequency, lead time, change failure rate and time to restore")
    .option("--pipeline <name>", "only this pipeline")
    .option("--since <time>", "start of the period: ISO 8601 or days back such as 7d (default 30d)")
    .option("--until <time>", "end of the period (default now)")
    .action(async (o: { pipeline?: string; since?: string; until?: string }) => {
      const q = new URLSearchParams();
      if (o.pipeline) q.set("pipeline", o.pipeline);
      if (o.since) q.set("since", o.since);
      if (o.until) q.set("until", o.until);
      print(await client().get<DoraReport>(`/api/dora${q.size > 0 ? `?${q.toString()}` : ""}`), doraText);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      io.err(`baton: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
