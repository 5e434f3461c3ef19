import { lazy } from "../ingest/composition/lazy.js";
import { readIngestSettings } from "../ingest/settings.js";
import { openTable } from "../store/tableClient.js";
import { TableBundleArrivals, type BundleArrivalStore } from "./arrivals.js";

/** The arrivals table (`<prefix>BundleArrivals`), opened on first use from settings read once. */
export function bundleArrivalsRoot(env: Record<string, string | undefined> = process.env): () => Promise<BundleArrivalStore> {
  return lazy(async () => {
    const settings = readIngestSettings(env);
    return new TableBundleArrivals(await openTable(settings.storage, `${settings.tablePrefix}BundleArrivals`));
  });
}
