/**
 * How Baton proves itself to Azure DevOps, as one `Authorization` header value per request: a PAT
 * as HTTP Basic with an empty user name (what Azure DevOps documents for PATs), or a bearer token
 * of the app's Entra identity for the Azure DevOps resource. Both git over smart HTTP and the REST
 * API take the same header. The value is a credential: it goes into request headers only, never
 * into a message, an error or a log line.
 */
import type { TokenCredential } from "@azure/identity";
import type { GitHttpRequest, HttpClient } from "isomorphic-git";
import { GitOpsError } from "../errors.js";
import { azureDevOpsTokenScope } from "../../azureDevOps/tokenScope.js";


/** Returns the `Authorization` header value for the next request (a token may be renewed between calls). */
export type AzureDevOpsAuthorization = () => Promise<string>;

export function patAuthorization(pat: string): AzureDevOpsAuthorization {
  const header = `Basic ${Buffer.from(`:${pat}`, "utf8").toString("base64")}`;
  return () => Promise.resolve(header);
}

/** The credential caches and renews tokens itself (MSAL), so asking per request is cheap. */
export function entraAuthorization(credential: TokenCredential): AzureDevOpsAuthorization {
  return async () => {
    let token;
    try {
      token = await credential.getToken(azureDevOpsTokenScope);
    } catch (error) {
      // The identity library's messages name the credential chain, never a token.
      throw new GitOpsError("unauthorized", `no Entra token for Azure DevOps (${azureDevOpsTokenScope}): ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
    if (!token) throw new GitOpsError("unauthorized", `no Entra token for Azure DevOps (${azureDevOpsTokenScope}): the credential returned none`);
    return `Bearer ${token.token}`;
  };
}

/**
 * An isomorphic-git HTTP client that sends the header on every request, so the first fetch does
 * not need a 401 round trip and a renewed Entra token is used as soon as it exists.
 */
export function authorizedGitHttp(http: HttpClient, authorize: AzureDevOpsAuthorization): HttpClient {
  return {
    async request(request: GitHttpRequest) {
      const authorization = await authorize();
      return http.request({ ...request, headers: { ...request.headers, Authorization: authorization } });
    },
  };
}
