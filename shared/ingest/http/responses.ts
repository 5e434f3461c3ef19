import type { HttpResponseInit } from "@azure/functions";
import type { PipelineRefusal } from "../../pipelines/types.js";
import type { Accepted } from "../intake/intake.js";
import type { BundleWaiting, PromotionOutcome } from "../intake/promoteImage.js";

/** 200 for anything acknowledged without starting work: pings, duplicates, events nobody wants. */
export function acknowledged(status: string, detail: Record<string, unknown> = {}): HttpResponseInit {
  return { status: 200, jsonBody: { status, ...detail } };
}

/**
 * 202 with the status location of the first promotion when an image started (or matched
 * existing) promotions; 200 with what happened otherwise.
 */
export function acceptedAnswer(results: readonly Accepted[]): HttpResponseInit {
  // One pass over the results (a door answers every delivery with this, usually for one result).
  const promotions: PromotionOutcome["promotions"] = [];
  const gathering: BundleWaiting[] = [];
  const kept: string[] = [];
  const notPromoted: PipelineRefusal[] = [];
  const delivered: string[] = [];
  const skipped: string[] = [];
  let duplicates = 0;
  for (const r of results) {
    if (r.kind === "promotion") {
      promotions.push(...r.outcome.promotions);
      if (r.outcome.gathering) gathering.push(...r.outcome.gathering);
      notPromoted.push(...r.outcome.skipped);
    } else if (r.kind === "kept") kept.push(r.reason);
    else if (r.kind === "duplicate") duplicates += 1;
    else {
      delivered.push(...r.outcome.delivered);
      if (r.outcome.skipped) skipped.push(r.outcome.skipped);
    }
  }
  const first = promotions[0];
  if (first) return { status: 202, headers: { Location: first.statusLocation }, jsonBody: { status: "accepted", promotions } };
  // Recorded in the bundle's arrivals: accepted, and the promotion starts with the last image.
  if (gathering.length > 0) return { status: 202, jsonBody: { status: "gathering", bundles: gathering } };
  // Accepted and stored, not acted on yet: 202 like a start, with no status location to follow.
  if (kept.length > 0) return { status: 202, jsonBody: { status: "kept", detail: kept[0] } };
  if (results.length > 0 && duplicates === results.length) return acknowledged("duplicate");
  if (notPromoted.length > 0) return acknowledged("not-promoted", { reasons: notPromoted.map((s) => `${s.pipeline}: ${s.reason}`) });
  if (delivered.length === 0) {
    // Say so: a misspelt object or an event nobody waits for must not look like success.
    const why = skipped.length > 0 ? skipped.join("; ") : "no promotion waits for this object";
    return acknowledged("routed", { delivered: 0, released: `nothing: ${why}` });
  }
  // Each waiting promotion judges the revision itself (another commit releases nothing; its
  // timeline and status say what it still waits for).
  return acknowledged("routed", { delivered: delivered.length, promotions: delivered });
}
