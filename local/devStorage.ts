/**
 * `npm start` needs nothing else installed: when the app's storage setting points at development
 * storage and nothing listens on Azurite's ports, the host starts Azurite itself (like Core Tools
 * users start it by hand) and stops it on exit.
 */
import { connect } from "node:net";
import { join } from "node:path";
import { startAzurite, type RunningAzurite } from "./azurite.js";

const DEV_PORTS = [10000, 10001, 10002];

export function usesDevelopmentStorage(connection: string | undefined): boolean {
  return (connection ?? "").replace(/\s/g, "").toLowerCase().includes("usedevelopmentstorage=true");
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export type DevStorage = { started: RunningAzurite } | { started: undefined; reason: string };

export async function ensureDevelopmentStorage(connection: string | undefined, dataDir: string): Promise<DevStorage> {
  if (!usesDevelopmentStorage(connection)) return { started: undefined, reason: "storage is not development storage" };
  const open = await Promise.all(DEV_PORTS.map(listening));
  if (open.every(Boolean)) return { started: undefined, reason: "Azurite already listens on 10000-10002" };
  if (open.some(Boolean)) {
    return { started: undefined, reason: `ports ${DEV_PORTS.filter((_, i) => open[i]).join(", ")} are taken by something else; start Azurite yourself` };
  }
  return { started: await startAzurite({ location: join(dataDir, "azurite"), silent: true }) };
}
