import type { HttpResponseInit } from "@azure/functions";
import type { Accepted } from "../intake/intake.js";

/** 200 for anything acknowledged without starting work: pings, duplicates, events nobody wants. */
export function acknowledged(status: string, detail: Record<string, unknown> = {}): HttpResponseInit {
  return { status: 200, jsonBody: { status, ...detail } };
}

/**
 * 202 with the status location of the first promotion when an image started (or matched
 * existing) promotions; 200 with what happened otherwise.
 */
export function acceptedAnswer(results: readonly Accepted[]): HttpResponseInit {
  const promotions = results.flatMap((r) => (r.kind === "promotion" ? r.outcome.promotions : []));
  const first = promotions[0];
  if (first) return { status: 202, headers: { Location: first.statusLocation }, jsonBody: { status: "accepted", promotions } };
  const gathering = results.flatMap((r) => (r.kind === "promotion" ? (r.outcome.gathering ?? []) : []));
  // Recorded in the bundle's arrivals: accepted, and the promotion starts with the last image.
  if (gathering.length > 0) return { status: 202, jsonBody: { status: "gathering", bundles: gathering } };
  const kept = results.flatMap((r) => (r.kind === "kept" ? [r.reason] : []));
  // Accepted and stored, not acted on yet: 202 like a start, with no status location to follow.
  if (kept.length > 0) return { status: 202, jsonBody: { status: "kept", detail: kept[0] } };
  if (results.length > 0 && results.every((r) => r.kind === "duplicate")) return acknowledged("duplicate");
  const notPromoted = results.flatMap((r) => (r.kind === "promotion" ? r.outcome.skipped : []));
  if (notPromoted.length > 0) return acknowledged("not-promoted", { reasons: notPromoted.map((s) => `${s.pipeline}: ${s.reason}`) });
  const routed = results.flatMap((r) => (r.kind === "signal" ? [r.outcome] : []));
  const delivered = routed.flatMap((o) => o.delivered);
  const skipped = routed.flatMap((o) => (o.skipped ? [o.skipped] : []));
  if (delivered.length === 0) {
    // Say so: a misspelt object or an event nobody waits for must not look like success.
    const why = skipped.length > 0 ? skipped.join("; ") : "no promotion waits for this object";
    return acknowledged("routed", { delivered: 0, released: `nothing: ${why}` });
  }
  // Each waiting promotion judges the revision itself (another commit releases nothing; its
  // timeline and status say what it still waits for).
  return acknowledged("routed", { delivered: delivered.length, promotions: delivered });
}
