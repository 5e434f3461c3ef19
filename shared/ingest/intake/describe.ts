import type { Accepted } from "./intake.js";

/** One log line per accepted delivery: what happened and, when nothing started, why. */
export function describeAccepted(accepted: Accepted, subject: string): string {
  switch (accepted.kind) {
    case "duplicate":
      return `${subject}: duplicate delivery, already handled`;
    case "promotion": {
      const { promotions, skipped, gathering = [] } = accepted.outcome;
      const started = promotions.map((p) => `${p.instanceId} (${p.status})`).join(", ");
      const reasons = skipped.map((s) => `${s.pipeline}: ${s.reason}`).join("; ");
      const waiting = gathering.map((g) => `bundle ${g.pipeline} ${g.bundle} has ${g.arrived.join(", ")}, waits for ${g.missing.join(", ")}`).join("; ");
      if (waiting) return `${subject}: ${waiting}${promotions.length > 0 ? `; promotions ${started}` : ""}`;
      return promotions.length > 0
        ? `${subject}: promotions ${started}${reasons ? `; not taken by ${reasons}` : ""}`
        : `${subject}: not promoted: ${reasons}`;
    }
    case "kept":
      return `${subject}: ${accepted.reason}`;
    case "signal": {
      const { delivered, gone, skipped } = accepted.outcome;
      if (skipped) return `${subject}: not routed: ${skipped}`;
      if (delivered.length === 0) return `${subject}: released nothing, no promotion waits for it${gone.length ? ` (${gone.length} finished wait(s) removed)` : ""}`;
      return `${subject}: raised on ${delivered.join(", ")}${gone.length ? `, ${gone.length} finished wait(s) removed` : ""}`;
    }
  }
}
