// Errors about a kubeconfig secret name the secret and the problem, never its content (issue 10
// point 6): the client's own YAML error quotes the source line, which is often the token.
import { KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { kubeConfigFromSecret } from "../../shared/readiness/sources/kubernetes/kubeconfigSecret.js";

const TOKEN = "canary-kube-token-41d2";
const broken = `apiVersion: v1\nusers:\n- name: u\n  user:\n    token: "${TOKEN}\n  bad: [\n`;

describe("kubeConfigFromSecret", () => {
  it("says what is wrong without quoting the secret, and keeps no cause", () => {
    // The leak this guards against: the client's own error quotes the token.
    expect(() => new KubeConfig().loadFromString(broken)).toThrow(TOKEN);
    let error: unknown;
    try {
      kubeConfigFromSecret("AKS_DEV_KUBECONFIG", broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^secret AKS_DEV_KUBECONFIG is not a usable kubeconfig: YAML syntax: unexpected end of the stream within a double quoted scalar at line \d+$/);
    expect((error as Error).cause).toBeUndefined();
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(TOKEN);
  });

  it("refuses a document without clusters and an unknown context, naming them", () => {
    expect(() => kubeConfigFromSecret("K", "apiVersion: v1\nkind: Config\n")).toThrow("secret K is not a usable kubeconfig: it names no cluster");
    const one = new KubeConfig();
    one.loadFromOptions({ clusters: [{ name: "c", server: "https://127.0.0.1:6443", skipTLSVerify: false }], users: [{ name: "u", token: TOKEN }], contexts: [{ name: "ctx", cluster: "c", user: "u" }], currentContext: "ctx" });
    const text = one.exportConfig();
    expect(kubeConfigFromSecret("K", text, "ctx").getCurrentContext()).toBe("ctx");
    expect(() => kubeConfigFromSecret("K", text, "other")).toThrow("it has no context named other");
  });
});
