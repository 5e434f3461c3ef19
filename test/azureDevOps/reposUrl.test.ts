import { describe, expect, it } from "vitest";
import { canonicalReposUrl } from "../../shared/azureDevOps/reposUrl.js";
import { organizationOf } from "../../shared/azureDevOps/organization.js";

describe("canonicalReposUrl", () => {
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

  it.each([
    ["git@ssh.dev.azure.com:v3/contoso/Platform/fleet", /not an Azure Repos URL|https/],
    ["http://dev.azure.com/contoso/Platform/_git/fleet", /https/],
    ["https://github.com/contoso/fleet", /not an Azure Repos host/],
    ["https://dev.azure.com/contoso/Platform/fleet", /repository path/],
    ["https://dev.azure.com/contoso/a/b/_git/fleet", /repository path/],
    ["https://dev.azure.com/contoso/Platform/_git/%E0%A4%A", /percent-encoding/],
  ])("refuses %s", (input, message) => {
    expect(() => canonicalReposUrl(input)).toThrow(message);
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
