/**
 * Starts Azurite (blob, queue and table) as a child process, for `npm start` when the storage
 * setting is `UseDevelopmentStorage=true`, and for tests against real Azure Tables semantics.
 * Port 0 lets the OS pick free ports, so parallel test files never collide; the standard ports
 * (10000-10002) are the default because that is what `UseDevelopmentStorage=true` points at.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface AzuriteOptions {
  /** Folder for Azurite's data (with inMemory: only its working directory). */
  location: string;
  /** Defaults 10000, 10001, 10002 (Azurite's standard ports); 0 picks a free port. */
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  /** Keep data in memory only (tests). */
  inMemory?: boolean;
  /** Do not forward Azurite's own output to this process's stdout/stderr. */
  silent?: boolean;
  /** How long to wait for all three services to listen. Default 30 s. */
  startTimeoutMs?: number;
}

export interface RunningAzurite {
  /** A full connection string with all three endpoints on the actual ports. */
  connectionString: string;
  blobEndpoint: string;
  queueEndpoint: string;
  tableEndpoint: string;
  stop(): Promise<void>;
}

// Azurite's published development account: well known, not a secret.
const account = "devstoreaccount1";
const accountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

const listening = /Azurite (Blob|Queue|Table) service (?:is )?successfully listen(?:s|ing) (?:on|at) (http:\/\/[^\s]+)/g;

export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  await mkdir(options.location, { recursive: true });
  const require = createRequire(import.meta.url);
  const main = join(dirname(require.resolve("azurite/package.json")), "dist", "src", "azurite.js");
  const args = [
    main,
    // Azurite refuses --location together with --inMemoryPersistence.
    ...(options.inMemory ? [] : ["--location", options.location]),
    "--blobPort", String(options.blobPort ?? 10000),
    "--queuePort", String(options.queuePort ?? 10001),
    "--tablePort", String(options.tablePort ?? 10002),
    "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
    "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
    ...(options.inMemory ? ["--inMemoryPersistence"] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: options.location, stdio: ["ignore", "pipe", "pipe"] });
  const endpoints = await waitForServices(child, options);
  const blobEndpoint = `${endpoints.Blob}/${account}`;
  const queueEndpoint = `${endpoints.Queue}/${account}`;
  const tableEndpoint = `${endpoints.Table}/${account}`;
  return {
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${accountKey};` +
      `BlobEndpoint=${blobEndpoint};QueueEndpoint=${queueEndpoint};TableEndpoint=${tableEndpoint};`,
    blobEndpoint,
    queueEndpoint,
    tableEndpoint,
    stop: () => stopChild(child),
  };
}

function waitForServices(child: ChildProcess, options: AzuriteOptions): Promise<Record<"Blob" | "Queue" | "Table", string>> {
  return new Promise((resolve, reject) => {
    const found: Partial<Record<"Blob" | "Queue" | "Table", string>> = {};
    let output = "";
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`Azurite did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output.slice(-2000)}`));
    }, options.startTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer, to: NodeJS.WriteStream) => {
      const text = chunk.toString("utf8");
      if (!options.silent) to.write(text);
      output += text;
      for (const m of output.matchAll(listening)) found[m[1] as "Blob" | "Queue" | "Table"] = m[2]!.replace(/\/$/, "");
      if (found.Blob && found.Queue && found.Table) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve({ Blob: found.Blob, Queue: found.Queue, Table: found.Table });
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      // The usual cause: the port is taken (another Azurite already runs there).
      reject(new Error(`Azurite exited with code ${code} before listening:\n${output.slice(-2000)}`));
    };
    child.stdout?.on("data", (c: Buffer) => onData(c, process.stdout));
    child.stderr?.on("data", (c: Buffer) => onData(c, process.stderr));
    child.once("exit", onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
