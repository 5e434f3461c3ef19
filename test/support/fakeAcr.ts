// A small fake of Azure Container Registry's data plane on loopback: the token exchange (Entra
// access token -> ACR refresh token -> repository-scoped access token) and OCI distribution reads
// of manifests and blobs. Every request and every JSON response is checked against the published
// ACR specification (test/fixtures/acr, Azure/azure-rest-api-specs); problems are collected in
// `violations`, which tests assert stays empty. Content is stored by the sha256 of its bytes, as
// a registry does; `tamper` and `failNext` make it misbehave on purpose.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv, type ValidateFunction } from "ajv";

const SPEC_FILE = new URL("../fixtures/acr/containerRegistry.json", import.meta.url);

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
export const HELM_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
const OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

interface SwaggerParameter {
  name?: string;
  in?: string;
  required?: boolean;
  enum?: string[];
  $ref?: string;
}
interface Operation {
  parameters?: SwaggerParameter[];
  responses: Record<string, { schema?: { $ref?: string; type?: string } }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  parameters: Record<string, SwaggerParameter>;
  definitions: Record<string, unknown>;
}

/** Checks the fake's traffic against the vendored operations. */
class AcrSpec {
  private readonly spec = JSON.parse(readFileSync(SPEC_FILE, "utf8")) as Spec;
  private readonly ajv = new Ajv({ strict: false, logger: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    this.ajv.addFormat("file", () => true);
    this.ajv.addSchema({ definitions: this.spec.definitions }, "acr");
  }

  private operation(method: string, template: string): Operation | undefined {
    return this.spec.paths[template]?.[method.toLowerCase()];
  }

  request(method: string, template: string, form: URLSearchParams | undefined): string[] {
    const op = this.operation(method, template);
    if (!op) return [`${method} ${template} is not in the specification`];
    const problems: string[] = [];
    for (const raw of op.parameters ?? []) {
      const p = raw.$ref ? this.spec.parameters[raw.$ref.split("/").at(-1) ?? ""] : raw;
      if (!p?.name || p.in !== "formData") continue;
      const value = form?.get(p.name);
      if (p.required && (value === null || value === undefined)) problems.push(`${method} ${template}: missing form field ${p.name}`);
      if (value !== null && value !== undefined && p.enum && !p.enum.includes(value)) problems.push(`${method} ${template}: ${p.name}=${value} is not one of ${p.enum.join(", ")}`);
    }
    return problems;
  }

  response(method: string, template: string, status: number, body: unknown): string[] {
    const op = this.operation(method, template);
    const response = op?.responses[String(status)] ?? op?.responses.default;
    if (!response) return [`${method} ${template} does not document status ${status}`];
    if (!response.schema || response.schema.type === "file") return [];
    const key = `${method} ${template} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(JSON.parse(JSON.stringify(response.schema).replaceAll('"#/definitions/', '"acr#/definitions/')) as object);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || "(body)"} ${e.message ?? "is invalid"}`);
  }
}

interface Stored {
  bytes: Buffer;
  mediaType: string;
}

export interface FakeAcr {
  /** The registry name as pipelines and events spell it: `127.0.0.1:PORT`, or the name it was started with. */
  readonly registry: string;
  /** Where it listens: `127.0.0.1:PORT` (a test maps the name there when it is not a loopback name). */
  readonly address: string;
  /** `helm push`: a chart's config and archive blobs and its OCI manifest; returns the manifest digest. */
  pushChart(repository: string, tag: string, options?: { configMediaType?: string; layerMediaType?: string }): string;
  /** An image with these config labels; `platforms` pushes an OCI index over one manifest per platform. */
  pushImage(repository: string, tag: string, labels: Record<string, string>, options?: { platforms?: string[] }): string;
  /** Any manifest bytes under a tag (for tests that need an odd one); returns its digest. */
  pushManifest(repository: string, tag: string, manifest: unknown, mediaType?: string): string;
  /** Serves other bytes under this digest from now on (a registry that lies or data corrupted in transit). */
  tamper(digest: string, bytes: Buffer): void;
  /** The next `count` requests to paths matching `path` answer `status` (an outage, a refusal). */
  failNext(path: RegExp, status: number, count?: number): void;
  /** The Entra token the exchange accepts (what the app's credential must hand out). */
  readonly entraToken: string;
  readonly violations: readonly string[];
  /** Method and path of every request, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/**
 * What `helm push` uploads for a chart version, built from its name and version alone so a test
 * knows the manifest digest before the fake runs (`chartDigest`).
 */
export function helmChart(repository: string, tag: string, o: { configMediaType?: string; layerMediaType?: string } = {}): { manifest: unknown; digest: string; blobs: Stored[] } {
  const name = repository.split("/").at(-1) ?? repository;
  const version = tag.replaceAll("_", "+");
  const blob = (bytes: Buffer, mediaType: string) => ({ bytes, mediaType, descriptor: { mediaType, digest: `sha256:${createHash("sha256").update(bytes).digest("hex")}`, size: bytes.length } });
  const config = blob(Buffer.from(JSON.stringify({ apiVersion: "v2", name, version, type: "application" })), o.configMediaType ?? HELM_CONFIG);
  const layer = blob(createHash("sha512").update(`${repository}:${tag} chart archive`).digest(), o.layerMediaType ?? HELM_LAYER);
  const manifest = { schemaVersion: 2, config: config.descriptor, layers: [layer.descriptor], annotations: { "org.opencontainers.image.title": name, "org.opencontainers.image.version": version } };
  const digest = `sha256:${createHash("sha256").update(JSON.stringify(manifest)).digest("hex")}`;
  return { manifest, digest, blobs: [config, layer] };
}

export const chartDigest = (repository: string, tag: string): string => helmChart(repository, tag).digest;

export async function startFakeAcr(options: { entraToken?: string; name?: string } = {}): Promise<FakeAcr> {
  const spec = new AcrSpec();
  const entraToken = options.entraToken ?? `entra-${randomBytes(8).toString("hex")}`;
  const violations: string[] = [];
  const requests: string[] = [];
  const content = new Map<string, Map<string, Stored>>();
  const tags = new Map<string, string>();
  const refreshTokens = new Set<string>();
  const accessTokens = new Map<string, string>();
  const failures: { path: RegExp; status: number; left: number }[] = [];
  let registry = "";
  let address = "";

  const repo = (name: string): Map<string, Stored> => {
    let r = content.get(name);
    if (!r) content.set(name, (r = new Map<string, Stored>()));
    return r;
  };
  const store = (repository: string, bytes: Buffer, mediaType: string): { digest: string; size: number; mediaType: string } => {
    const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    repo(repository).set(digest, { bytes, mediaType });
    return { digest, size: bytes.length, mediaType };
  };
  const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

  function pushManifest(repository: string, tag: string, manifest: unknown, mediaType = OCI_MANIFEST): string {
    const { digest } = store(repository, json(manifest), mediaType);
    tags.set(`${repository}:${tag}`, digest);
    return digest;
  }

  function imageManifest(repository: string, labels: Record<string, string>, platform: string): unknown {
    const [os, architecture] = platform.split("/");
    const config = store(repository, json({ architecture, os, config: { Labels: labels }, rootfs: { type: "layers", diff_ids: [] } }), OCI_CONFIG);
    const layer = store(repository, randomBytes(32), OCI_LAYER);
    return { schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [layer] };
  }

  const fake: Omit<FakeAcr, "address"> = {
    get registry() {
      return registry;
    },
    entraToken,
    violations,
    requests,
    pushChart(repository, tag, o = {}) {
      const chart = helmChart(repository, tag, o);
      for (const blob of chart.blobs) store(repository, blob.bytes, blob.mediaType);
      return pushManifest(repository, tag, chart.manifest);
    },
    pushImage(repository, tag, labels, o = {}) {
      if (!o.platforms) return pushManifest(repository, tag, imageManifest(repository, labels, "linux/amd64"));
      const manifests = o.platforms.map((platform) => {
        const [os = "", architecture = ""] = platform.split("/");
        return { ...store(repository, json(imageManifest(repository, labels, platform)), OCI_MANIFEST), platform: { os, architecture } };
      });
      return pushManifest(repository, tag, { schemaVersion: 2, mediaType: OCI_INDEX, manifests }, OCI_INDEX);
    },
    pushManifest,
    tamper(digest, bytes) {
      for (const r of content.values()) {
        const stored = r.get(digest);
        if (stored) r.set(digest, { ...stored, bytes });
      }
    },
    failNext(path, status, count = 1) {
      failures.push({ path, status, left: count });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function answer(res: ServerResponse, method: string, template: string, status: number, body: unknown): void {
    violations.push(...spec.response(method, template, status, body));
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
  }
  const error = (code: string, message: string) => ({ errors: [{ code, message }] });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://${registry}`);
    const method = req.method ?? "GET";
    requests.push(`${method} ${url.pathname}`);
    const failure = failures.find((f) => f.left > 0 && f.path.test(url.pathname));
    if (failure) {
      failure.left -= 1;
      res.writeHead(failure.status, { "content-type": "application/json" }).end(JSON.stringify(error("UNAVAILABLE", "injected")));
      return;
    }
    if (method === "POST" && (url.pathname === "/oauth2/exchange" || url.pathname === "/oauth2/token")) {
      const form = new URLSearchParams(await readText(req));
      violations.push(...spec.request(method, url.pathname, form));
      if (form.get("service") !== registry) return answer(res, method, url.pathname, 401, error("UNAUTHORIZED", "service does not name this registry"));
      if (url.pathname === "/oauth2/exchange") {
        if (form.get("grant_type") !== "access_token" || form.get("access_token") !== entraToken) return answer(res, method, url.pathname, 401, error("UNAUTHORIZED", "the Entra token is not valid here"));
        const token = `acr-refresh-${randomBytes(8).toString("hex")}`;
        refreshTokens.add(token);
        return answer(res, method, url.pathname, 200, { refresh_token: token });
      }
      const scope = /^repository:([a-z0-9._/-]+):pull$/.exec(form.get("scope") ?? "");
      if (!refreshTokens.has(form.get("refresh_token") ?? "") || !scope?.[1]) return answer(res, method, url.pathname, 401, error("UNAUTHORIZED", "invalid refresh token or scope"));
      const token = `acr-access-${randomBytes(8).toString("hex")}`;
      accessTokens.set(token, scope[1]);
      return answer(res, method, url.pathname, 200, { access_token: token });
    }
    // Where blob reads are redirected (ACR: a signed storage URL): no registry token allowed here.
    const storage = /^\/_storage\/(sha256:[a-f0-9]{64})$/.exec(url.pathname)?.[1];
    if (method === "GET" && storage) {
      if (req.headers.authorization) violations.push("the registry token was sent to the blob storage URL");
      const blob = url.searchParams.get("sig") === "fake-sas" ? [...content.values()].find((r) => r.has(storage))?.get(storage) : undefined;
      if (!blob) return void res.writeHead(403).end();
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": blob.bytes.length }).end(blob.bytes);
      return;
    }
    const read = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (method !== "GET" || !read) {
      res.writeHead(404).end();
      return;
    }
    const [, repository = "", kind, reference = ""] = read;
    const template = kind === "manifests" ? "/v2/{name}/manifests/{reference}" : "/v2/{name}/blobs/{digest}";
    violations.push(...spec.request(method, template, undefined));
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || accessTokens.get(bearer) !== repository) {
      res.setHeader("www-authenticate", `Bearer realm="http://${registry}/oauth2/token",service="${registry}",scope="repository:${repository}:pull"`);
      return answer(res, method, template, 401, error("UNAUTHORIZED", "authentication required"));
    }
    const digest = reference.startsWith("sha256:") ? reference : tags.get(`${repository}:${reference}`);
    const stored = digest ? content.get(repository)?.get(digest) : undefined;
    if (!stored || !digest) return answer(res, method, template, 404, error(kind === "manifests" ? "MANIFEST_UNKNOWN" : "BLOB_UNKNOWN", `${reference} is not in ${repository}`));
    if (kind === "manifests") violations.push(...spec.response(method, template, 200, JSON.parse(stored.bytes.toString("utf8"))));
    if (kind === "blobs") {
      // As ACR does: 307 to the blob's storage, a URL that carries its own signature.
      const scheme = registry === address ? "http" : "https";
      violations.push(...spec.response(method, template, 307, undefined));
      res.writeHead(307, { location: `${scheme}://${registry}/_storage/${digest}?sig=fake-sas`, "docker-content-digest": digest }).end();
      return;
    }
    res.writeHead(200, { "content-type": stored.mediaType, "content-length": stored.bytes.length, "docker-content-digest": digest }).end(stored.bytes);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      violations.push(`fake failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  registry = options.name ?? address;
  return Object.assign(fake, { address });
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
