// Baton on Azure: `azd up` provisions everything below, then `azd deploy` ships .deploy/ (infra/bundle.mjs).
// Shape follows Microsoft's Functions azd templates (Azure-Samples/functions-quickstart-typescript-azd,
// durable-functions-quickstart-typescript-azd): subscription scope, one resource group, Flex Consumption,
// one user-assigned identity for everything, no keys or connection strings with secrets in app settings.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; a short hash of it names every resource.')
param environmentName string

@minLength(1)
@description('Region of every resource (Flex Consumption and the Durable Task Scheduler must both be offered there).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of whoever runs the deployment: may read and write Key Vault secrets (the post-provision hook stores the generated webhook secrets) and open the scheduler dashboard. Empty: none.')
param principalId string = deployer().objectId

@allowed([
  'User'
  'ServicePrincipal'
])
@description('Kind of principalId: User for a person running azd, ServicePrincipal in CI.')
param principalType string = 'User'

@allowed([
  'DurableTaskScheduler'
  'AzureStorage'
])
@description('Durable Functions backend. DurableTaskScheduler (default): the managed scheduler and a task hub. AzureStorage: queues, tables and blobs in the app\'s storage account (host.json values are overridden by app settings, see app/function.bicep).')
param durableBackend string = 'DurableTaskScheduler'

@allowed([
  'Consumption'
  'Dedicated'
])
@description('Durable Task Scheduler SKU. Consumption bills per action; Dedicated is a fixed monthly capacity unit.')
param durableTaskSchedulerSku string = 'Consumption'

@allowed([
  512
  2048
  4096
])
@description('Flex Consumption instance memory (MB).')
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
@description('Flex Consumption scale-out limit. Baton handles a few promotions at a time; a low limit caps cost.')
param maximumInstanceCount int = 40

@description('GitOps repository holding the pipelines file: GitHub owner/name, an Azure Repos URL (https://dev.azure.com/{organization}/{project}/_git/{repository}) or an https clone URL (BATON_PIPELINES_REPOSITORY). Empty: no pipelines; every image is acknowledged as unwatched.')
param pipelinesRepository string = ''

@description('Branch of the pipelines repository (BATON_PIPELINES_BRANCH).')
param pipelinesBranch string = 'main'

@description('Path of the pipelines file in that repository (BATON_PIPELINES_PATH).')
param pipelinesPath string = '.baton/pipelines.yaml'

@description('Secrets the pipelines file may name (BATON_PIPELINE_SECRETS): exact names and PREFIX*, space separated. Baton\'s own secrets are never allowed. Empty: the file may name none.')
param pipelineSecrets string = ''

@description('Hosts the pipelines file may send requests to (BATON_ALLOWED_HOSTS): exact names, IPs and *.domain, space separated; https only. api.github.com is always allowed.')
param allowedHosts string = ''

@description('Private networks (CIDR) the pipelines file may reach, e.g. an internal probe endpoint (BATON_ALLOWED_PRIVATE_NETWORKS). Link-local and metadata addresses are always refused.')
param allowedPrivateNetworks string = ''

@description('GitHub Enterprise Server API URL (BATON_PIPELINES_GITHUB_API_URL). Empty: github.com.')
param pipelinesGithubApiUrl string = ''

@description('GitHub App id for the pipelines repository (BATON_PIPELINES_GITHUB_APP_ID). Its private key goes into Key Vault as the secret named by pipelinesGithubPrivateKeySecret.')
param pipelinesGithubAppId string = ''

@description('Installation id of that GitHub App (BATON_PIPELINES_GITHUB_INSTALLATION_ID).')
param pipelinesGithubInstallationId string = ''

@description('Setting name of the GitHub App private key; Key Vault secret <name in lower case, _ as ->.')
param pipelinesGithubPrivateKeySecret string = 'BATON_PIPELINES_GITHUB_PRIVATE_KEY'

@description('Instead of a GitHub App: setting name of a token for the pipelines repository (BATON_PIPELINES_TOKEN_SECRET).')
param pipelinesTokenSecret string = ''

@description('Azure Repos without a token: entra reads the pipelines file with the app\'s managed identity (BATON_PIPELINES_AUTH). Empty: the token or GitHub App above.')
@allowed([
  ''
  'entra'
])
param pipelinesAuth string = ''

@description('Microsoft App ID of an existing single-tenant Entra app registration for the Teams bot. Empty: no bot (approvals through the ops API only). Its client secret goes into Key Vault as baton-teams-app-password.')
param teamsBotAppId string = ''

@description('Resource id of an existing Azure Container Registry whose pushes start promotions through Event Grid; the app\'s identity gets AcrPull on it (chart checks, revision labels). Empty: no Event Grid subscription (GHCR through the GitHub webhook, or add one later).')
param acrResourceId string = ''

@description('Name of the registry\'s existing Event Grid system topic, if it has one (a source has at most one). Empty: one is created.')
param acrSystemTopicName string = ''

@description('Create the Entra app registration with the app roles viewer, operator and approver for App Service Authentication (needs permission to create applications in Entra ID). false: give entraClientId.')
param createEntraApp bool = true

@description('Client id of an existing app registration for App Service Authentication (when createEntraApp is false). It must define the app roles viewer, operator and approver.')
param entraClientId string = ''

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
@description('Redundancy of the storage account that holds the audit trail and timeline (tables). ZRS survives a zone outage; GZRS also a region outage.')
param storageSku string = 'Standard_ZRS'

@description('Log Analytics workspaces that log-query gates read (resource ids): the identity gets Log Analytics Reader on each.')
param logQueryWorkspaceResourceIds array = []

@description('AKS or Arc-enabled clusters whose Flux status (fluxConfigurations) readiness polls through ARM (resource ids): the identity gets Reader on each.')
param armReadinessClusterResourceIds array = []

var roles = loadJsonContent('roles.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-baton-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 7)}'
// Must equal host.json extensions.durableTask.hubName (test/infra/hostJson.test.ts).
var taskHubName = 'BatonHub'
var useScheduler = durableBackend == 'DurableTaskScheduler'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

// The one identity the app uses for storage, tables, Key Vault, the scheduler, Application Insights and ARM.
module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.6.0' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-baton-${resourceToken}'
    location: location
    tags: tags
  }
}

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.16.1' = {
  name: 'logAnalytics'
  scope: rg
  params: {
    name: 'log-baton-${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
  }
}

module appInsights 'br/public:avm/res/insights/component:0.8.0' = {
  name: 'appInsights'
  scope: rg
  params: {
    name: 'appi-baton-${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    // Ingestion only with Entra tokens (the identity, Monitoring Metrics Publisher).
    disableLocalAuth: true
    retentionInDays: 90
  }
}

// Baton's tables (created by the app on first use), the Functions host's blobs and queues, the
// deployment package container; and, with durableBackend AzureStorage, the task hub.
module storage 'br/public:avm/res/storage/storage-account:0.33.0' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stbaton${resourceToken}'
    location: location
    tags: tags
    skuName: storageSku
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [
        {
          name: deploymentContainerName
        }
      ]
      // Deleted deployment packages stay recoverable for a week.
      deleteRetentionPolicyEnabled: true
      deleteRetentionPolicyDays: 7
    }
  }
}

module keyVault 'br/public:avm/res/key-vault/vault:0.14.0' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: 'kv-baton-${take(resourceToken, 13)}'
    location: location
    tags: tags
    sku: 'standard'
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    enableVaultForDeployment: false
    enableVaultForDiskEncryption: false
    enableVaultForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
  }
}

module plan 'br/public:avm/res/web/serverfarm:0.7.0' = {
  name: 'plan'
  scope: rg
  params: {
    name: 'plan-baton-${resourceToken}'
    location: location
    tags: tags
    skuName: 'FC1'
    kind: 'functionapp'
    reserved: true
    zoneRedundant: false
  }
}

module scheduler 'app/durableScheduler.bicep' = if (useScheduler) {
  name: 'durableScheduler'
  scope: rg
  params: {
    name: 'dts-baton-${resourceToken}'
    location: location
    tags: tags
    skuName: durableTaskSchedulerSku
    taskHubName: taskHubName
  }
}

module entraApp 'app/entraApp.bicep' = if (createEntraApp) {
  name: 'entraApp'
  scope: rg
  params: {
    uniqueName: 'baton-${resourceToken}'
    displayName: 'Baton (${environmentName})'
    redirectUri: 'https://${functionAppName}.azurewebsites.net/.auth/login/aad/callback'
  }
}

var authClientId = createEntraApp ? entraApp.outputs.clientId : entraClientId

module app 'app/function.bicep' = {
  name: 'function'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.resourceId
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: appInsights.outputs.name
    keyVaultUri: keyVault.outputs.uri
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    durableBackend: durableBackend
    schedulerEndpoint: useScheduler ? scheduler.outputs.endpoint : ''
    taskHubName: taskHubName
    authClientId: authClientId
    tenantId: tenant().tenantId
    pipelinesRepository: pipelinesRepository
    pipelinesBranch: pipelinesBranch
    pipelinesPath: pipelinesPath
    pipelineSecrets: pipelineSecrets
    allowedHosts: allowedHosts
    allowedPrivateNetworks: allowedPrivateNetworks
    pipelinesGithubApiUrl: pipelinesGithubApiUrl
    pipelinesGithubAppId: pipelinesGithubAppId
    pipelinesGithubInstallationId: pipelinesGithubInstallationId
    pipelinesGithubPrivateKeySecret: pipelinesGithubPrivateKeySecret
    pipelinesTokenSecret: pipelinesTokenSecret
    pipelinesAuth: pipelinesAuth
    teamsBotAppId: teamsBotAppId
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    roles: roles
    identityPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: appInsights.outputs.name
    schedulerName: useScheduler ? scheduler.outputs.name : ''
    durableBackend: durableBackend
  }
}

module workspaceReaders 'app/workspaceReader.bicep' = [
  for (workspaceId, i) in logQueryWorkspaceResourceIds: {
    name: 'workspaceReader-${i}'
    scope: resourceGroup(split(workspaceId, '/')[2], split(workspaceId, '/')[4])
    params: {
      workspaceName: last(split(workspaceId, '/'))
      principalId: identity.outputs.principalId
      roleDefinitionId: roles.logAnalyticsReader.id
    }
  }
]

module clusterReaders 'app/clusterReader.bicep' = [
  for (clusterId, i) in armReadinessClusterResourceIds: {
    name: 'clusterReader-${i}'
    scope: resourceGroup(split(clusterId, '/')[2], split(clusterId, '/')[4])
    params: {
      clusterResourceId: clusterId
      principalId: identity.outputs.principalId
      roleDefinitionId: roles.reader.id
    }
  }
]

module bot 'app/bot.bicep' = if (!empty(teamsBotAppId)) {
  name: 'bot'
  scope: rg
  params: {
    name: 'bot-baton-${resourceToken}'
    tags: tags
    appId: teamsBotAppId
    tenantId: tenant().tenantId
    messagingEndpoint: 'https://${functionAppName}.azurewebsites.net/api/messages'
  }
}

module acrEvents 'app/acrEvents.bicep' = if (!empty(acrResourceId)) {
  name: 'acrEvents'
  scope: resourceGroup(split(acrResourceId, '/')[2], split(acrResourceId, '/')[4])
  params: {
    registryName: last(split(acrResourceId, '/'))
    existingSystemTopicName: acrSystemTopicName
    functionResourceId: '${app.outputs.resourceId}/functions/acrImagePushed'
    tags: tags
    principalId: identity.outputs.principalId
    roleDefinitionId: roles.acrPull.id
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = app.outputs.name
output SERVICE_API_NAME string = app.outputs.name
output BATON_URL string = 'https://${app.outputs.defaultHostname}'
output BATON_KEY_VAULT_NAME string = keyVault.outputs.name
output BATON_KEY_VAULT_URL string = keyVault.outputs.uri
output BATON_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output BATON_ENTRA_CLIENT_ID string = authClientId
output BATON_DURABLE_BACKEND string = durableBackend
output BATON_SCHEDULER_DASHBOARD string = useScheduler ? scheduler.outputs.dashboardUrl : ''
output BATON_TEAMS_BOT_NAME string = !empty(teamsBotAppId) ? bot.outputs.name : ''
output BATON_ACR_SUBSCRIPTION string = !empty(acrResourceId) ? acrEvents.outputs.subscriptionName : ''
output APPLICATIONINSIGHTS_NAME string = appInsights.outputs.name
