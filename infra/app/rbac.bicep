// Every role the app's identity holds, each for a call the code or the Functions host makes
// (test/infra/roles.test.ts derives the list from the code and compares), plus what the person
// deploying needs for the post-provision hook and the scheduler dashboard.
param roles object
param identityPrincipalId string
param deployerPrincipalId string
@allowed([
  'User'
  'ServicePrincipal'
])
param deployerPrincipalType string
param storageAccountName string
param keyVaultName string
param applicationInsightsName string
param schedulerName string
@allowed([
  'DurableTaskScheduler'
  'AzureStorage'
])
param durableBackend string

var useScheduler = durableBackend == 'DurableTaskScheduler'
var hasDeployer = !empty(deployerPrincipalId)

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource keyVault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource scheduler 'Microsoft.DurableTask/schedulers@2026-02-01' existing = if (useScheduler) {
  name: schedulerName
}

// Functions host: AzureWebJobsStorage blobs (host locks, timer leases) and the Flex deployment container.
resource identityBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identityPrincipalId, roles.storageBlobDataOwner.id)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner.id)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Baton's own tables (shared/store/tableClient.ts: createTable, entities; deliveries, audit, timeline, locks).
resource identityTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identityPrincipalId, roles.storageTableDataContributor.id)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor.id)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The Azure Storage durable provider's control and work-item queues.
resource identityQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!useScheduler) {
  name: guid(storageAccount.id, identityPrincipalId, roles.storageQueueDataContributor.id)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor.id)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// shared/config/secretSource.ts: SecretClient.getSecret.
resource identitySecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identityPrincipalId, roles.keyVaultSecretsUser.id)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser.id)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Telemetry ingestion with Entra authentication (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
resource identityTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, roles.monitoringMetricsPublisher.id)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher.id)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The durable backend (host.json storageProvider azureManaged).
resource identityScheduler 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (useScheduler) {
  name: guid(scheduler.id, identityPrincipalId, roles.durableTaskDataContributor.id)
  scope: scheduler
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.durableTaskDataContributor.id)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The deployer stores the generated webhook secrets (infra/hooks/postprovision.mjs).
resource deployerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (hasDeployer) {
  name: guid(keyVault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer.id)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer.id)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

// The deployer opens the scheduler dashboard.
resource deployerScheduler 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (useScheduler && hasDeployer) {
  name: guid(scheduler.id, deployerPrincipalId, roles.durableTaskDataContributor.id)
  scope: scheduler
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.durableTaskDataContributor.id)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}
