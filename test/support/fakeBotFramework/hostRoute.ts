// The Agents SDK fetches the Bot Framework channel's signing keys from an address it hard-codes
// (https://login.botframework.com/v1/.well-known/keys, no setting). To serve those keys from a
// loopback fake, the test process routes that one host name to it, like a hosts-file entry with
// TLS terminated: HTTPS requests for the routed host travel as plain HTTP over a loopback socket.
// Every other host keeps the default agent's behaviour. Only tests install this.
import https from "node:https";
import net from "node:net";
import type { Duplex } from "node:stream";

type ConnectionOptions = Parameters<https.Agent["createConnection"]>[0] & { host?: string; servername?: string };

class RoutingAgent extends https.Agent {
  constructor(private readonly routes: ReadonlyMap<string, number>) {
    super({ keepAlive: false });
  }

  override createConnection(options: ConnectionOptions, callback?: (error: Error | null, socket: Duplex) => void): Duplex | null | undefined {
    const port = this.routes.get((options.host ?? options.servername ?? "").toLowerCase());
    if (port === undefined) return super.createConnection(options, callback);
    return net.connect({ host: "127.0.0.1", port });
  }
}

/**
 * Routes HTTPS requests for `host` (default port) to the loopback server at `origin` until the
 * returned function is called. Nested routes are not supported: one route per test file.
 */
export function routeHttpsHost(host: string, origin: string): () => void {
  const previous = https.globalAgent;
  https.globalAgent = new RoutingAgent(new Map([[host.toLowerCase(), Number(new URL(origin).port)]]));
  return () => {
    https.globalAgent.destroy();
    https.globalAgent = previous;
  };
}
