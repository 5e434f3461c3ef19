/**
 * What each promotion notification says: the title and facts the `notifyTeams` activity posts.
 * Pure, so orchestrators can call it; Baton's wording lives here rather than in each caller.
 */
import type { Notification } from "./notificationCard.js";

interface Subject {
  pipeline: string;
  image: { name: string; tag: string; digest: string };
  timeline: string;
}

export type PromotionNotice =
  | (Subject & { kind: "started"; stages: string[] })
  | (Subject & { kind: "stageSucceeded"; stage: string; next?: string })
  | (Subject & { kind: "stageFailed"; stage: string; reason: string })
  | (Subject & { kind: "rolledBack"; stage: string; restoredTag: string; reason: string });

function imageFacts(notice: Subject, label = "Image"): Notification["facts"] {
  return [
    { title: label, value: `${notice.image.name}:${notice.image.tag}` },
    { title: "Digest", value: notice.image.digest },
  ];
}

export function describeNotice(notice: PromotionNotice): Notification {
  const what = `${notice.pipeline} ${notice.image.tag}`;
  const link = notice.timeline;
  switch (notice.kind) {
    case "started":
      return { title: `Promotion started: ${what}`, facts: [...imageFacts(notice), { title: "Stages", value: notice.stages.join(" → ") }], link };
    case "stageSucceeded":
      return { title: `${what} is live in ${notice.stage}`, facts: [...imageFacts(notice), { title: "Next", value: notice.next ?? "nothing: the promotion is complete" }], link };
    case "stageFailed":
      return { title: `${what} failed in ${notice.stage}`, facts: [...imageFacts(notice), { title: "Reason", value: notice.reason }], link };
    case "rolledBack":
      return { title: `${notice.pipeline} rolled back in ${notice.stage} to ${notice.restoredTag}`, facts: [...imageFacts(notice, "Rolled back from"), { title: "Reason", value: notice.reason }], link };
  }
}
