import type { AzureReposApi } from "../../gitops/azureDevOps/reposApi.js";
import type { FileAtCommit, RepositoryFiles } from "./repositoryFiles.js";

/**
 * Files of an Azure Repos repository through the REST API (api-version 7.1), as the GitHub source
 * uses the contents API: a re-check costs one ref lookup (Refs - List), a read one request
 * (Items - Get at the branch, which names the commit it read), never a git fetch. Messages name
 * the canonical repository URL only; the credential stays in the request headers.
 */
export function createAzureReposFiles(api: AzureReposApi): RepositoryFiles {
  const headCommit = async (branch: string): Promise<string> => {
    const head = await api.branchHead(branch).catch((cause: unknown) => {
      throw new Error(`cannot read branch ${branch} of Azure Repos ${api.where}`, { cause });
    });
    if (head === undefined) throw new Error(`cannot read branch ${branch} of Azure Repos ${api.where}: no branch ${branch}`);
    return head;
  };
  return {
    headCommit,
    async readFile(branch, path): Promise<FileAtCommit | undefined> {
      const item = await api.itemAtBranch(path, branch).catch((cause: unknown) => {
        throw new Error(`cannot read ${path} from Azure Repos ${api.where} on branch ${branch}`, { cause });
      });
      if (item === undefined) {
        // Items - Get answers 404 for a missing branch too: say which one it is.
        await headCommit(branch);
        return undefined;
      }
      if (item.isFolder) throw new Error(`${path} in Azure Repos ${api.where} is a folder, not a file`);
      if (typeof item.content !== "string" || !item.commitId) throw new Error(`Azure Repos ${api.where} answered for ${path} without its content or commit`);
      return { text: item.content, commit: item.commitId };
    },
  };
}
