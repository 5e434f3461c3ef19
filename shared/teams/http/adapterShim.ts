/**
 * The glue between Azure Functions' HttpRequest/HttpResponseInit and the Agents SDK's
 * `CloudAdapter.authorizeRequest(req, res, next)` and `process(req, res, logic)`, which expect an
 * Express-style request (lower-case headers, the body already parsed, `user` set by the JWT
 * check) and a response with status()/setHeader()/send()/end(). The response side only collects
 * what the SDK says; nothing is written anywhere until the door turns it into the answer.
 */

/** The SDK's view of the request (its `Request`); `user` is the validated token's claims. */
export interface AdapterRequest {
  method: string;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
  user?: Record<string, unknown>;
}

export function adapterRequest(method: string, headers: Iterable<[string, string]>): AdapterRequest {
  return { method: method.toUpperCase(), headers: Object.fromEntries([...headers].map(([k, v]) => [k.toLowerCase(), v])) };
}

/** A WebResponse that records status, headers and body; `writableEnded` tells whether the SDK ended it. */
export class CollectedResponse {
  statusCode = 200;
  readonly headers: Record<string, string> = {};
  body: unknown = undefined;
  headersSent = false;
  writableEnded = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  setHeader(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    this.headersSent = true;
    return this;
  }

  end(): this {
    this.headersSent = true;
    this.writableEnded = true;
    return this;
  }
}
