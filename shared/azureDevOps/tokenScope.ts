/**
 * The scope of an Entra token for Azure DevOps (its well-known resource id), asked for by the
 * app's identity for Azure Repos and for the Azure Pipelines gate alike.
 */
export const azureDevOpsTokenScope = "499b84ac-1321-427f-aa17-267ca6975798/.default";
