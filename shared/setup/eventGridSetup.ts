/**
 * Connecting an existing Azure Container Registry: the Bicep parameter (preferred, azd keeps it)
 * or the equivalent Azure CLI commands. Delivery goes to the Event Grid trigger function
 * acrImagePushed (endpoint type AzureFunction): no key, no URL secret.
 */
export interface EventGridSetup {
  azdParameter: string;
  cli: string[];
}

export function eventGridSetup(acrResourceId: string, functionAppResourceId: string): EventGridSetup {
  const parts = acrResourceId.split("/");
  const [subscription, group, registry] = [parts[2] ?? "<subscription>", parts[4] ?? "<resource group>", parts[8] ?? "<registry>"];
  const topic = `${registry}-events`;
  return {
    azdParameter: `azd env set ACR_RESOURCE_ID ${acrResourceId} && azd provision`,
    cli: [
      `az eventgrid system-topic create --subscription ${subscription} --resource-group ${group} --name ${topic} --location $(az acr show --ids ${acrResourceId} --query location -o tsv) --topic-type Microsoft.ContainerRegistry.Registries --source ${acrResourceId}`,
      `az eventgrid system-topic event-subscription create --subscription ${subscription} --resource-group ${group} --system-topic-name ${topic} --name baton-image-pushed --endpoint-type azurefunction --endpoint ${functionAppResourceId}/functions/acrImagePushed --included-event-types Microsoft.ContainerRegistry.ImagePushed --max-events-per-batch 1`,
    ],
  };
}
