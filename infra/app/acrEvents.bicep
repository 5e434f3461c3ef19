// Image pushes of an existing container registry reach Baton's Event Grid trigger
// (functions/acrEventgridTrigger.ts, function acrImagePushed). Deployed into the registry's
// resource group: a system topic lives beside its source. Delivery is to the function resource
// (endpoint type AzureFunction): no key or URL secret is involved. The app's identity may pull
// (AcrPull): Baton reads a pushed chart's manifest and an image's labels (shared/registry).
param registryName string
@description('The registry\'s existing system topic, if any (a source has at most one). Empty: create one.')
param existingSystemTopicName string
param functionResourceId string
param tags object
@description('The app\'s identity, which reads manifests and image configs (AcrPull).')
param principalId string
param roleDefinitionId string

resource registry 'Microsoft.ContainerRegistry/registries@2025-11-01' existing = {
  name: registryName
}

resource newTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = if (empty(existingSystemTopicName)) {
  name: '${registryName}-events'
  location: registry.location
  tags: tags
  properties: {
    source: registry.id
    topicType: 'Microsoft.ContainerRegistry.Registries'
  }
}

resource existingTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = if (!empty(existingSystemTopicName)) {
  name: existingSystemTopicName
}

var topicName = empty(existingSystemTopicName) ? newTopic.name : existingTopic.name

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: topicName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'baton-image-pushed'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: functionResourceId
        maxEventsPerBatch: 1
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.ContainerRegistry.ImagePushed'
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
  dependsOn: [
    newTopic
  ]
}

resource pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, principalId, roleDefinitionId)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output subscriptionName string = subscription.name
output topicName string = topicName
