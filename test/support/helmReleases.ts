/**
 * Checks fake HelmReleases against helm-controller's published CRD schema
 * (test/fixtures/flux/helmReleaseCrdSchema.json: the v2 openAPIV3Schema of
 * fluxcd/helm-controller config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml), so the
 * status fields readiness reads cannot drift from what helm-controller writes.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

const crd = JSON.parse(readFileSync(new URL("../fixtures/flux/helmReleaseCrdSchema.json", import.meta.url), "utf8")) as { openAPIV3Schema: object };
// ajv-formats is CommonJS whose default export TypeScript sees one level down under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("int64", true).addFormat("int32", true);
const validate = ajv.compile(crd.openAPIV3Schema);

export function assertHelmRelease(object: unknown): void {
  if (!validate(object)) throw new Error(`not a HelmRelease the CRD accepts: ${ajv.errorsText(validate.errors)}`);
}
