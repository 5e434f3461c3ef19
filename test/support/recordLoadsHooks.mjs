// Module hooks for recordLoads.mjs: record each file: URL as it loads, then load it as usual.
import { appendFileSync } from "node:fs";

let log;

export function initialize(data) {
  log = data.log;
}

export async function load(url, context, nextLoad) {
  if (log && url.startsWith("file:")) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
