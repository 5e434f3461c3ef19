/**
 * The glue between Azure Functions' HttpRequest/HttpResponseInit and botbuilder's
 * `CloudAdapter.process(req, res, logic)`, which expects an Express/Restify-style request with an
 * already parsed body and a response with status()/header()/send()/end() (protocols.md 5.2).
 * The response side only collects what the adapter says; nothing is written anywhere until the
 * door turns it into the function's answer.
 */
import type { Request, Response } from "botbuilder";

/** The adapter's view of the request: lower-case header names, the body already parsed. */
export function adapterRequest(method: string, headers: Iterable<[string, string]>, body: Record<string, unknown>): Request {
  return { method: method.toUpperCase(), headers: Object.fromEntries([...headers].map(([k, v]) => [k.toLowerCase(), v])), body };
}

/** A Response that records status, headers and body; `finished` tells whether the adapter ended it. */
export class CollectedResponse implements Response {
  readonly socket = null;
  statusCode = 200;
  readonly headers: Record<string, string> = {};
  body: unknown = undefined;
  finished = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  send(body: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.finished = true;
    return this;
  }
}
