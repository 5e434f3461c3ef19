/**
 * The organization an Azure DevOps URL belongs to: the subdomain of `{organization}.visualstudio.com`,
 * otherwise the first path segment (`dev.azure.com/{organization}/…`, and an Azure DevOps Server's
 * `{server}/{collection}/…`). Pipeline run ids are unique inside an organization, so this and the
 * run id name a run both in the Azure Pipelines gate and in the service hook that reports it.
 */
export function organizationOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase();
  if (host.endsWith(".visualstudio.com")) return host.slice(0, -".visualstudio.com".length) || undefined;
  const first = parsed.pathname.split("/").find((s) => s.length > 0);
  if (!first) return undefined;
  try {
    return decodeURIComponent(first).toLowerCase();
  } catch {
    return undefined;
  }
}
