import { describe, expect, it } from "vitest";
import { canonicalReposUrl, reposUrlParts } from "../../shared/azureDevOps/reposUrl.js";
import { organizationOf } from "../../shared/azureDevOps/organization.js";
import { waitKey } from "../../shared/ingest/intake/waitKeys.js";

describe("canonicalReposUrl", () => {
  it("keeps a dev.azure.com URL as it is", () => {
    expect(canonicalReposUrl("https://dev.azure.com/contoso/platform/_git/gitops")).toBe("https://dev.azure.com/contoso/platform/_git/gitops");
  });

  it("drops user info, a trailing slash, .git, query and fragment, and lower-cases the host", () => {
    expect(canonicalReposUrl("https://contoso:secret-pat@Dev.Azure.com/contoso/platform/_git/gitops.git/?path=/x#frag")).toBe("https://dev.azure.com/contoso/platform/_git/gitops");
    expect(canonicalReposUrl("https://contoso@dev.azure.com/contoso/platform/_git/gitops")).toBe("https://dev.azure.com/contoso/platform/_git/gitops");
  });

  it("maps the legacy visualstudio.com host to dev.azure.com", () => {
    expect(canonicalReposUrl("https://contoso.visualstudio.com/platform/_git/gitops")).toBe("https://dev.azure.com/contoso/platform/_git/gitops");
    expect(canonicalReposUrl("https://contoso.visualstudio.com/DefaultCollection/platform/_git/gitops")).toBe("https://dev.azure.com/contoso/platform/_git/gitops");
  });

  it("decodes path segments, so both spellings of a project with a space are one key", () => {
    const decoded = "https://dev.azure.com/contoso/My Project/_git/gitops repo";
    expect(canonicalReposUrl("https://dev.azure.com/contoso/My%20Project/_git/gitops%20repo")).toBe(decoded);
    expect(canonicalReposUrl(decoded)).toBe(decoded);
    expect(canonicalReposUrl(canonicalReposUrl("https://contoso.visualstudio.com/My%20Project/_git/gitops%20repo"))).toBe(decoded);
  });

  it("keeps another server's origin (Azure DevOps Server, a loopback fake)", () => {
    expect(canonicalReposUrl("http://127.0.0.1:8080/contoso/platform/_git/gitops")).toBe("http://127.0.0.1:8080/contoso/platform/_git/gitops");
    expect(reposUrlParts("https://tfs.contoso.com/tfs/DefaultCollection/platform/_git/gitops")).toEqual({
      origin: "https://tfs.contoso.com",
      organization: "tfs/DefaultCollection",
      project: "platform",
      repository: "gitops",
    });
  });

  it("refuses what is not an Azure Repos URL, without echoing credentials", () => {
    for (const bad of ["git@ssh.dev.azure.com:v3/contoso/Platform/fleet", "https://dev.azure.com/contoso/platform/gitops", "https://github.com/acme/gitops", "not a url", "https://dev.azure.com/a/b/c/_git/r"]) {
      expect(() => canonicalReposUrl(bad), bad).toThrow(/is not an Azure Repos URL/);
    }
    expect(() => canonicalReposUrl("https://user:hunter2-pat@dev.azure.com/contoso/platform/gitops")).toThrow(/^(?!.*hunter2)/);
  });

  it.each([
    ["https://dev.azure.com/contoso/Platform/_git/fleet", "https://dev.azure.com/contoso/Platform/_git/fleet"],
    ["https://contoso@dev.azure.com/contoso/Platform/_git/fleet", "https://dev.azure.com/contoso/Platform/_git/fleet"],
    ["https://user:pat@dev.azure.com/contoso/Platform/_git/fleet/", "https://dev.azure.com/contoso/Platform/_git/fleet"],
    ["https://contoso@dev.azure.com/contoso/Platform%20Team/_git/Fleet%20GitOps", "https://dev.azure.com/contoso/Platform Team/_git/Fleet GitOps"],
    ["https://contoso.visualstudio.com/Platform/_git/fleet", "https://dev.azure.com/contoso/Platform/_git/fleet"],
    ["https://Contoso.VisualStudio.com/DefaultCollection/Platform/_git/fleet", "https://dev.azure.com/contoso/Platform/_git/fleet"],
    // The short form Azure DevOps uses when the repository is named like its project.
    ["https://contoso.visualstudio.com/DefaultCollection/_git/Fabrikam", "https://dev.azure.com/contoso/Fabrikam/_git/Fabrikam"],
    ["https://dev.azure.com/contoso/_git/Platform", "https://dev.azure.com/contoso/Platform/_git/Platform"],
    ])("%s -> %s", (input, expected) => {
    expect(canonicalReposUrl(input)).toBe(expected);
  });

  it("gives a stage's pull-request wait and a service hook's report one key, whichever spelling each saw", () => {
    // The stage waits on its pinned (canonical) URL; a service hook may report the legacy host and encoded segments.
    const stage = waitKey({ on: "pr", repository: canonicalReposUrl("https://dev.azure.com/Contoso/My%20Project/_git/GitOps"), number: 42 });
    const hook = waitKey({ on: "pr", repository: canonicalReposUrl("https://contoso.visualstudio.com/DefaultCollection/My%20Project/_git/GitOps/"), number: 42 });
    expect(hook).toBe(stage);
  });
});

describe("organizationOf", () => {
  it("reads the organization from dev.azure.com, visualstudio.com and a server's first segment", () => {
    expect(organizationOf("https://dev.azure.com/Contoso/6d7e/_apis/Pipelines/17/runs/5120")).toBe("contoso");
    expect(organizationOf("https://contoso.visualstudio.com/6d7e/_apis/Pipelines/17/runs/5120")).toBe("contoso");
    expect(organizationOf("http://127.0.0.1:8080/fabrikam/Proj/_apis/pipelines/1/runs/2")).toBe("fabrikam");
    expect(organizationOf("not a url")).toBeUndefined();
    expect(organizationOf("https://dev.azure.com/")).toBeUndefined();
  });
});
