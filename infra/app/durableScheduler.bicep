// Durable Task Scheduler and Baton's task hub (the default durable backend). API version as in
// Azure-Samples/durable-functions-quickstart-typescript-azd (infra/app/dts.bicep).
param name string
param location string
param tags object
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string
@description('Must equal host.json extensions.durableTask.hubName.')
param taskHubName string

resource scheduler 'Microsoft.DurableTask/schedulers@2026-02-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    // Access is by Entra identity (Durable Task Data Contributor); the network stays open so the
    // Flex Consumption app (no virtual network here) can reach it.
    ipAllowlist: [
      '0.0.0.0/0'
    ]
    // Dedicated is bought in capacity units; Consumption has none.
    sku: skuName == 'Dedicated'
      ? {
          name: skuName
          capacity: 1
        }
      : {
          name: skuName
        }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2026-02-01' = {
  parent: scheduler
  name: taskHubName
}

output name string = scheduler.name
output endpoint string = scheduler.properties.endpoint
output taskHubName string = taskHub.name
output dashboardUrl string = 'https://dashboard.durabletask.io/?endpoint=${uriComponent(scheduler.properties.endpoint)}&taskhub=${taskHub.name}'
