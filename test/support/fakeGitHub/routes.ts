// Route table types shared by the fake's handlers.
import type { FakeActions } from "./actions.js";

export interface FakeRepo {
  owner: string;
  name: string;
  gitdir: string;
  defaultBranch: string;
  pulls: FakePull[];
  actions: FakeActions;
}

export interface FakePull {
  number: number;
  nodeId: string;
  head: string;
  base: string;
  title: string;
  body: string;
  labels: string[];
  state: "open" | "closed";
  merged: boolean;
  mergeCommitSha: string | null;
  autoMerge: string | null;
  headSha: string;
}

export interface FakeRequest {
  method: string;
  template: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  repo: FakeRepo;
  baseUrl: string;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
}

export interface Route {
  method: string;
  /** Exactly the path template of GitHub's OpenAPI description. */
  template: string;
  handle(req: FakeRequest): Promise<FakeResponse>;
}

export const notFound: FakeResponse = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };

export function unprocessable(message: string): FakeResponse {
  return { status: 422, body: { message, documentation_url: "https://docs.github.com/rest" } };
}

/** Reads a JSON body field the OpenAPI validator already checked. */
export function field<T>(body: unknown, key: string): T {
  return (body as Record<string, T>)[key] as T;
}
