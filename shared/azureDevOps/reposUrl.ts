/**
 * The one spelling of an Azure Repos repository, `https://dev.azure.com/{organization}/{project}/_git/{repository}`,
 * so a pull request Baton opened and the service hook that reports it closed meet under the same
 * wait key, whatever form the URL arrived in: with user info (`https://org@dev.azure.com/…`, as the
 * clone URL and `remoteUrl` carry it), on the legacy `{organization}.visualstudio.com` host, with
 * the `DefaultCollection` segment, or in the short form `…/_git/{repository}` that Azure DevOps
 * uses when the repository is named like its project. Path segments are URL-decoded.
 */
export function canonicalReposUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`not an Azure Repos URL: ${JSON.stringify(url.slice(0, 200))}`);
  }
  if (parsed.protocol !== "https:") throw new Error(`not an Azure Repos https URL: ${parsed.protocol}//${parsed.host}`);
  const host = parsed.hostname.toLowerCase();
  const segments = parsed.pathname
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => decodeSegment(s));
  let organization: string | undefined;
  if (host === "dev.azure.com") organization = segments.shift();
  else if (host.endsWith(".visualstudio.com")) organization = host.slice(0, -".visualstudio.com".length);
  if (!organization || organization.includes(".")) throw new Error(`not an Azure Repos host: ${host} (expected dev.azure.com or {organization}.visualstudio.com)`);
  // The collection segment of URLs from before the move to dev.azure.com names no project.
  if (segments[0]?.toLowerCase() === "defaultcollection") segments.shift();
  const git = segments.indexOf("_git");
  const repository = git >= 0 ? segments[git + 1] : undefined;
  if (git < 0 || git > 1 || !repository) throw new Error(`not an Azure Repos repository path: ${parsed.pathname} (expected /{project}/_git/{repository})`);
  const project = git === 1 ? (segments[0] ?? repository) : repository;
  return `https://dev.azure.com/${organization}/${project}/_git/${repository}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Error(`not an Azure Repos URL: a path segment is not valid percent-encoding`);
  }
}
