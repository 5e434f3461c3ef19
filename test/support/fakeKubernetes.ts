/**
 * A fake Kubernetes API server on loopback serving Flux objects the way the real one does:
 * `GET /apis/{group}/{version}/namespaces/{ns}/{plural}/{name}` with bearer auth, the stored
 * object as JSON, and `Status` objects for 401 and 404. Tests put objects in the shapes the
 * controllers write and mutate them between reads; `kubeConfig()` points the real client here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { KubeConfig } from "@kubernetes/client-node";

/** A Kubernetes object as stored: only the identity fields are fixed, the rest is the controller's. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; generation: number; [field: string]: unknown };
  [field: string]: unknown;
}

export interface FakeKubernetes {
  server: string;
  token: string;
  /** Stores (or replaces) an object; the path comes from its apiVersion, kind and metadata. */
  put(object: KubeObject): void;
  remove(object: KubeObject): void;
  /** Paths of the GET requests served, in order. */
  requests: string[];
  /** Merge patches applied (PATCH with application/merge-patch+json), in order. */
  patches: { path: string; body: unknown }[];
  /** A real KubeConfig for this server; `token` overrides the accepted one (to test refusals). */
  kubeConfig(token?: string): KubeConfig;
  close(): Promise<void>;
}

export const FAKE_KUBE_TOKEN = "fake-kube-token";

/** Lower-case plural resource names, as the API server routes them. */
const plurals: Record<string, string> = { Kustomization: "kustomizations", HelmRelease: "helmreleases" };

export async function startFakeKubernetes(): Promise<FakeKubernetes> {
  const objects = new Map<string, KubeObject>();
  const requests: string[] = [];
  const patches: { path: string; body: unknown }[] = [];
  const pathOf = (object: KubeObject): string => {
    const plural = plurals[object.kind] ?? `${object.kind.toLowerCase()}s`;
    return `/apis/${object.apiVersion}/namespaces/${object.metadata.namespace}/${plural}/${object.metadata.name}`;
  };

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://kube").pathname;
    if (req.headers.authorization !== `Bearer ${FAKE_KUBE_TOKEN}`) {
      status(res, 401, "Unauthorized", "Unauthorized");
      return;
    }
    if (req.method === "PATCH") {
      patch(req.headers["content-type"], path, req, res);
      return;
    }
    if (req.method !== "GET") {
      status(res, 405, "MethodNotAllowed", `the server does not allow this method on the requested resource`);
      return;
    }
    requests.push(path);
    const object = objects.get(path);
    if (object) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(object));
      return;
    }
    const route = /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/[^/]+\/([^/]+)\/([^/]+)$/.exec(path);
    if (!route?.[1] || !route[3] || !route[4]) {
      status(res, 404, "NotFound", "the server could not find the requested resource");
      return;
    }
    status(res, 404, "NotFound", `${route[3]}.${route[1]} "${route[4]}" not found`, { name: route[4], group: route[1], kind: route[3] });
  });
  // A JSON merge patch (RFC 7386) of metadata.annotations, as `kubectl annotate` sends; other
  // patch types get the API server's 415.
  function patch(contentType: string | undefined, path: string, req: IncomingMessage, res: ServerResponse): void {
    if (contentType !== "application/merge-patch+json") {
      status(res, 415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json`);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const object = objects.get(path);
      if (!object) {
        status(res, 404, "NotFound", "not found");
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { metadata?: { annotations?: Record<string, string> } };
      patches.push({ path, body });
      const annotations = { ...((object.metadata["annotations"] as Record<string, string> | undefined) ?? {}), ...(body.metadata?.annotations ?? {}) };
      const patched: KubeObject = { ...object, metadata: { ...object.metadata, annotations } };
      objects.set(path, patched);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(patched));
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;

  return {
    server: url,
    token: FAKE_KUBE_TOKEN,
    put: (object) => void objects.set(pathOf(object), object),
    remove: (object) => void objects.delete(pathOf(object)),
    requests,
    patches,
    kubeConfig(token = FAKE_KUBE_TOKEN) {
      const config = new KubeConfig();
      config.loadFromOptions({
        clusters: [{ name: "fake", server: url, skipTLSVerify: true }],
        users: [{ name: "baton", token }],
        contexts: [{ name: "fake", cluster: "fake", user: "baton" }],
        currentContext: "fake",
      });
      return config;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A `metav1.Status` failure, as the API server answers errors. */
function status(res: ServerResponse, code: number, reason: string, message: string, details?: Record<string, string>): void {
  res.writeHead(code, { "content-type": "application/json" });
  res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code }));
}
