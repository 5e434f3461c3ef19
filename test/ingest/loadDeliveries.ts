// The 1,000 deliveries of the load tests: 700 distinct ones over three doors, and 300
// redeliveries of randomly chosen ones, in a seeded (reproducible) random order.
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { taggedContainerPackage } from "../fixtures/ingest/github.js";
import { fixtureText } from "../fixtures/ingest/load.js";
import { signGitHub } from "./signing.js";
import { SECRETS } from "./world.js";

const hex = (n: number, salt: string) => (salt + n.toString(16)).padStart(64, "0").slice(-64);

/** A small seeded PRNG (mulberry32), so the shuffle is random but reproducible. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Delivery {
  door: "github" | "eventgrid" | "acr";
  url: string;
  body: string;
  headers: Record<string, string>;
}

export async function loadDeliveries(): Promise<{ deliveries: Delivery[]; expected: Set<string> }> {
  const deliveries: Delivery[] = [];
  const expected = new Set<string>();
  const egTemplate = fixtureText("acrImagePushed.eventgrid.json");
  const acrTemplate = fixtureText("acrWebhookPush.json");
  // 250 ACR images, each announced twice: by Event Grid and by an ACR webhook (distinct delivery ids).
  for (let i = 0; i < 250; i++) {
    const digest = `sha256:${hex(i, "a")}`;
    const tag = `1.${4 + (i % 2)}.${i}`;
    expected.add(promotionInstanceId("orders", digest));
    if (tag.startsWith("1.4.")) expected.add(promotionInstanceId("orders-canary", digest));
    const eg = egTemplate
      .replace("831e1650-001e-001b-66ab-eeb76e069631", `eg-${i}`)
      .replace(/sha256:213bbc[0-9a-f]+/, digest)
      .replace('"tag": "1.4.2"', `"tag": "${tag}"`);
    deliveries.push({ door: "eventgrid", url: "/api/ingest/eventgrid", body: eg, headers: { "x-baton-key": SECRETS.EVENTGRID_WEBHOOK_KEY } });
    const acr = acrTemplate
      .replace("cb8c3971-9adc-488b-bdd8-43cbb4974ff5", `acr-${i}`)
      .replace(/sha256:80f0d5c8[0-9a-f]+/, digest)
      .replace('"tag": "1.4.2"', `"tag": "${tag}"`);
    deliveries.push({ door: "acr", url: "/api/ingest/acr", body: acr, headers: { authorization: `Bearer ${SECRETS.ACR_WEBHOOK_SECRET}` } });
  }
  // 200 GHCR images by GitHub package events.
  for (let i = 0; i < 200; i++) {
    const digest = `sha256:${hex(i, "b")}`;
    expected.add(promotionInstanceId("hello", digest));
    const body = JSON.stringify(taggedContainerPackage(`2.0.${i}`, digest));
    deliveries.push({
      door: "github",
      url: "/api/ingest/github",
      body,
      headers: { "x-github-event": "package", "x-github-delivery": `gh-${i}`, "x-hub-signature-256": await signGitHub(body, SECRETS.GITHUB_WEBHOOK_SECRET) },
    });
  }
  return { deliveries, expected };
}


/** The distinct deliveries plus 300 redeliveries (30% of 1,000), shuffled. */
export function shuffledWithDuplicates(unique: readonly Delivery[]): Delivery[] {
  const next = random(20260301);
  const all = [...unique, ...Array.from({ length: 300 }, () => unique[Math.floor(next() * unique.length)]!)];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}

export function deliveryIdOf(d: Delivery): string {
  const header = d.headers["x-github-delivery"];
  if (header) return header;
  const parsed = JSON.parse(d.body) as { id: string } | { id: string }[];
  return Array.isArray(parsed) ? parsed[0]!.id : parsed.id;
}

/** Sends every delivery through `send`, `concurrency` at a time; statuses in completion order. */
export async function sendConcurrently(all: readonly Delivery[], concurrency: number, send: (d: Delivery) => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  let cursor = 0;
  const worker = async (): Promise<void> => {
    while (cursor < all.length) {
      const d = all[cursor++];
      if (d) statuses.push(await send(d));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}
