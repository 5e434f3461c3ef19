/**
 * One spelling per Azure Repos repository, so a stage's wait key (`{ on: "pr", repository }`) and
 * the service hook that releases it name the same thing: `https://dev.azure.com/{org}/{project}/_git/{repo}`,
 * no user info, the legacy `{org}.visualstudio.com[/DefaultCollection]/{project}/_git/{repo}` moved to dev.azure.com,
 * path segments URL-decoded, no `.git`, query or trailing slash. Other hosts (Azure DevOps Server,
 * a loopback fake) keep their origin and path, cleaned the same way.
 */
export function canonicalReposUrl(url: string): string {
  const parts = reposUrlParts(url);
  return `${parts.origin}/${parts.organization}/${parts.project}/_git/${parts.repository}`;
}

/** The pieces of an Azure Repos URL; segments are decoded (a project may be "My Project"). */
export interface ReposUrlParts {
  /** `https://dev.azure.com`, or the server's own origin. */
  origin: string;
  /** The organization (Azure DevOps Server: the collection path, which may contain `/`). */
  organization: string;
  project: string;
  repository: string;
}

export function reposUrlParts(url: string): ReposUrlParts {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new Error(`"${url}" is not an Azure Repos URL (expected https://dev.azure.com/{organization}/{project}/_git/{repository})`);
  }
  const segments = u.pathname
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const at = segments.lastIndexOf("_git");
  const repository = segments[at + 1]?.replace(/\.git$/, "");
  const host = u.hostname.toLowerCase().replace(/\.$/, "");
  const legacy = /^([a-z0-9][a-z0-9-]*)\.visualstudio\.com$/.exec(host);
  // Old visualstudio.com URLs may still name the `DefaultCollection` every organization had.
  const before = (at < 0 ? [] : segments.slice(0, at)).filter((s, i) => !(legacy && i === 0 && s.toLowerCase() === "defaultcollection"));
  // dev.azure.com/{org}/{project}; {org}.visualstudio.com/{project}; a server: {collection...}/{project}.
  // The short form `…/_git/{repository}` is what Azure DevOps shows when the repository is named
  // like its project: the project is the repository's name.
  const short = (legacy && before.length === 0) || (host === "dev.azure.com" && before.length === 1);
  const organization = legacy ? legacy[1] : short ? before[0] : before.slice(0, -1).join("/");
  const project = short ? repository : before.at(-1);
  if (at < 0 || !repository || !project || !organization || (legacy && before.length > 1) || (host === "dev.azure.com" && before.length !== 2 && !short)) {
    throw new Error(`"${redactUserInfo(url)}" is not an Azure Repos URL (expected https://dev.azure.com/{organization}/{project}/_git/{repository})`);
  }
  const origin = legacy || host === "dev.azure.com" ? "https://dev.azure.com" : `${u.protocol}//${u.host.toLowerCase()}`;
  return { origin, organization, project, repository };
}

/** For messages about a URL that could not be parsed: never echo a user:password part. */
function redactUserInfo(url: string): string {
  return url.replace(/\/\/[^/@]*@/, "//");
}
