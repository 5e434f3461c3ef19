/**
 * An image name split the way the Docker and OCI tooling split it: the first path component is a
 * registry when it looks like a host (has a `.` or `:`, or is `localhost`); otherwise there is no
 * registry in the name (Docker Hub is implied).
 */
export interface SplitName {
  registry: string | undefined;
  repository: string;
}

export function splitImageName(name: string): SplitName {
  const slash = name.indexOf("/");
  if (slash < 0) return { registry: undefined, repository: name };
  const first = name.slice(0, slash);
  const isHost = first.includes(".") || first.includes(":") || first === "localhost";
  return isHost ? { registry: first, repository: name.slice(slash + 1) } : { registry: undefined, repository: name };
}

/** Joins a chart's separate `registry` and `repository` values back into one name. */
export function joinImageName(registry: string | undefined, repository: string): string {
  return registry ? `${registry.replace(/\/+$/, "")}/${repository}` : repository;
}
