// Shared set-up for writer tests: a GitOps repository layout with several stages and files.
import type { HttpClient } from "isomorphic-git";
import type { PromotionContext } from "../../shared/gitops/commitMessage.js";
import type { ImageEdit } from "../../shared/gitops/edit.js";
import type { RetryTiming } from "../../shared/gitops/casRetry.js";

export const stages = Array.from({ length: 10 }, (_, i) => `stage${i}`);

/** One values file holding every stage's tag, plus one kustomization per stage. */
export function gitopsFiles(): Record<string, string> {
  const values = ["# one block per stage; Baton edits only the tag lines", ...stages.flatMap((s) => [`${s}:`, "  image:", "    repository: acme/web", `    tag: "1.0.0" # ${s}`])];
  const files: Record<string, string> = { "apps/web/values.yaml": values.join("\n") + "\n" };
  for (const s of stages) files[`clusters/${s}/kustomization.yaml`] = `resources:\n- ../../apps/web\nimages:\n- name: acme/api\n  newTag: 1.0.0\n`;
  return files;
}

export function valuesEdit(stage: string, tag: string): ImageEdit {
  return { file: "apps/web/values.yaml", image: { name: "acme/web", tag }, target: { kind: "values", fields: [{ path: `${stage}.image.tag`, form: "version" }] } };
}

export function kustomizeEdit(stage: string, tag: string): ImageEdit {
  return { file: `clusters/${stage}/kustomization.yaml`, image: { name: "acme/api", tag }, target: { kind: "kustomize" } };
}

export function context(stage: string, tag: string, image = "acme/web"): PromotionContext {
  return { promotionId: `web-${tag}-${stage}`, pipeline: "web", stage, image: { name: image, tag } };
}

/** No sleeping in tests: backoff delays resolve at once, jitter is fixed. */
export const instantTiming: RetryTiming = { sleep: () => Promise.resolve(), random: () => 0.5 };

export const fixedClock = (): Date => new Date("2025-01-02T03:04:05Z");

/** Wraps an HTTP client to run `before` ahead of each request (to stage a race deterministically). */
export function interceptHttp(http: HttpClient, before: (url: string) => Promise<void>): HttpClient {
  return {
    async request(req) {
      await before(req.url);
      return http.request(req);
    },
  };
}
