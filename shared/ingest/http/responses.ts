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
  const kept = results.flatMap((r) => (r.kind === "kept" ? [r.reason] : []));
  // Accepted and stored, not acted on yet: 202 like a start, with no status location to follow.
  if (kept.length > 0) return { status: 202, jsonBody: { status: "kept", detail: kept[0] } };
  if (results.length > 0 && results.every((r) => r.kind === "duplicate")) return acknowledged("duplicate");
  const notPromoted = results.flatMap((r) => (r.kind === "promotion" ? r.outcome.skipped : []));
  if (notPromoted.length > 0) return acknowledged("not-promoted", { reasons: notPromoted.map((s) => `${s.pipeline}: ${s.reason}`) });
  const routed = results.flatMap((r) => (r.kind === "signal" ? [r.outcome] : []));
  return acknowledged("routed", { delivered: routed.reduce((n, o) => n + o.delivered.length, 0) });
}
