import { z } from "zod";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rejection } from "../../shared/ingest/http/rejection.js";
import { parseGitHubEvent } from "../../shared/ingest/parse/githubEvent.js";
import { parseWith } from "../../shared/ingest/parse/schema.js";
import { ociDigest, ociTag } from "../../shared/ingest/parse/oci.js";
import { taggedContainerPackage } from "../fixtures/ingest/github.js";

// The schema the package door used to run over the payload: the field-by-field reader must give
// the same answers (accepted, or the same 400 naming the same first field) for any payload.
const nullableString = z.string().nullish();
const reference = z.object({
  action: z.string(),
  package: z.object({
    name: z.string().min(1),
    package_type: nullableString,
    ecosystem: nullableString,
    updated_at: nullableString,
    owner: z.object({ login: z.string() }).nullish(),
    registry: z.object({ type: nullableString }).nullish(),
    package_version: z
      .object({
        version: z.string(),
        name: nullableString,
        package_url: nullableString,
        created_at: nullableString,
        updated_at: nullableString,
        container_metadata: z
          .object({
            tag: z.object({ name: nullableString, digest: nullableString }).nullish(),
            manifest: z.object({ digest: nullableString, media_type: nullableString }).nullish(),
            labels: z.object({ revision: nullableString, all_labels: z.record(z.string(), z.unknown()).nullish() }).nullish(),
          })
          .nullish(),
      })
      .nullish(),
  }),
});

function referenceAnswer(payload: unknown): string {
  const top = z.object({ action: z.string() }).safeParse(payload);
  if (!top.success) return refusal(() => parseWith(z.object({ action: z.string() }), payload, "package event"));
  if ((payload as { action: string }).action !== "published") return "ignored";
  const checked = refusal(() => parseWith(reference.shape.package, (payload as { package: unknown }).package, "package event"));
  if (checked !== "ok") return checked;
  const version = (payload as { package: { package_version?: { version: string; container_metadata?: { tag?: { name?: string; digest?: string } } } } }).package.package_version;
  const tag = version?.container_metadata?.tag?.name;
  if (!version || !tag) return "ignored";
  return refusal(() => {
    parseWith(ociTag, tag, "package event package_version.container_metadata.tag.name");
    parseWith(ociDigest, version.container_metadata?.tag?.digest || version.version, "package event digest");
  });
}

function refusal(run: () => unknown): string {
  try {
    run();
    return "ok";
  } catch (error) {
    if (error instanceof Rejection) return `${error.status} ${error.message}`;
    throw error;
  }
}

function answer(payload: unknown): string {
  return refusal(() => {
    const event = parseGitHubEvent("package", payload, { id: "d", receivedAt: "2026-03-01T10:00:00Z" });
    if (event.kind === "ignored") throw new Error("ignored");
  });
}

const readerAnswer = (payload: unknown): string => {
  try {
    return answer(payload);
  } catch (error) {
    if (error instanceof Error && error.message === "ignored") return "ignored";
    throw error;
  }
};

const refused = (answer: string) => (answer.startsWith("400 ") ? answer : "not refused");

// Values of every JSON type (and absent) for each field the door reads, around a valid payload.
const anyValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant(""));
const paths = [
  ["action"],
  ["package"],
  ["package", "name"],
  ["package", "package_type"],
  ["package", "ecosystem"],
  ["package", "updated_at"],
  ["package", "owner"],
  ["package", "owner", "login"],
  ["package", "registry"],
  ["package", "registry", "type"],
  ["package", "package_version"],
  ["package", "package_version", "version"],
  ["package", "package_version", "name"],
  ["package", "package_version", "package_url"],
  ["package", "package_version", "created_at"],
  ["package", "package_version", "updated_at"],
  ["package", "package_version", "container_metadata"],
  ["package", "package_version", "container_metadata", "tag"],
  ["package", "package_version", "container_metadata", "tag", "name"],
  ["package", "package_version", "container_metadata", "tag", "digest"],
  ["package", "package_version", "container_metadata", "manifest"],
  ["package", "package_version", "container_metadata", "manifest", "digest"],
  ["package", "package_version", "container_metadata", "manifest", "media_type"],
  ["package", "package_version", "container_metadata", "labels"],
  ["package", "package_version", "container_metadata", "labels", "revision"],
  ["package", "package_version", "container_metadata", "labels", "all_labels"],
];

function withValue(payload: Record<string, unknown>, path: string[], value: unknown): void {
  let at: unknown = payload;
  for (const key of path.slice(0, -1)) {
    if (typeof at !== "object" || at === null) return;
    at = (at as Record<string, unknown>)[key];
  }
  if (typeof at !== "object" || at === null || Array.isArray(at)) return;
  const last = path[path.length - 1]!;
  if (value === undefined) delete (at as Record<string, unknown>)[last];
  else (at as Record<string, unknown>)[last] = value;
}

describe("GitHub package event fields (read one by one, refused like the schema)", () => {
  it("accepts the GHCR example and refuses a wrong type naming the field", () => {
    const valid = taggedContainerPackage("1.4.2", "sha256:abc");
    expect(readerAnswer(valid)).toBe("ok");
    const broken = taggedContainerPackage("1.4.2", "sha256:abc");
    withValue(broken, ["package", "package_version", "container_metadata", "labels", "all_labels"], []);
    expect(readerAnswer(broken)).toBe("400 invalid package event: package_version.container_metadata.labels.all_labels: Invalid input: expected record, received array");
  });

  it("answers exactly as the schema for payloads with up to three fields of any type", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), anyValue), { maxLength: 3 }), (edits) => {
        const payload = taggedContainerPackage("1.4.2", "sha256:abc");
        for (const [path, value] of edits) withValue(payload, path, value);
        // The refusals must be the same; what an accepted payload becomes is github.test.ts's.
        expect(refused(readerAnswer(payload))).toBe(refused(referenceAnswer(payload)));
      }),
      { numRuns: 600 },
    );
  });

  it("refuses a body that is not an object, like the schema", () => {
    for (const body of [[], "x", 1, null]) expect(readerAnswer(body)).toBe(referenceAnswer(body));
    expect(readerAnswer([])).toBe("400 invalid package event: body: Invalid input: expected object, received array");
  });
});
