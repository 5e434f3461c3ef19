/**
 * A web page for a commit, when the repository has one: GitHub (`owner/repo` or a github.com
 * URL) and Azure Repos. A plain smart-HTTP server has none, and the sha stays text.
 */
export function commitUrl(repository: string, sha: string): string | undefined {
  const repo = repository.replace(/@[^@/]+$/, "");
  if (/^[\w.-]+\/[\w.-]+$/.test(repo)) return `https://github.com/${repo}/commit/${sha}`;
  const github = /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(repo);
  if (github) return `https://github.com/${github[1]}/commit/${sha}`;
  if (/^https:\/\/dev\.azure\.com\/[^/]+\/[^/]+\/_git\/[^/]+$/.test(repo)) return `${repo}/commit/${sha}`;
  return undefined;
}
