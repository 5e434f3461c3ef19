// The Flex Consumption function app (Node 22), its app settings and App Service Authentication.
// App settings hold no key, password or connection string with a secret: storage, tables, Key Vault,
// the scheduler and Application Insights are all reached with the user-assigned identity.
// test/infra/appSettings.test.ts evaluates the settings below and feeds them to Baton's own
// settings readers.
param name string
param location string
param tags object
param planId string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param keyVaultUri string
param instanceMemoryMB int
param maximumInstanceCount int
@allowed([
  'DurableTaskScheduler'
  'AzureStorage'
])
param durableBackend string
param schedulerEndpoint string
param taskHubName string
param authClientId string
param tenantId string
param pipelinesRepository string
param pipelinesBranch string
param pipelinesPath string
param pipelineSecrets string
param allowedHosts string
param allowedPrivateNetworks string
param pipelinesGithubApiUrl string
param pipelinesGithubAppId string
param pipelinesGithubInstallationId string
param pipelinesGithubPrivateKeySecret string
param pipelinesTokenSecret string
param pipelinesAuth string
param teamsBotAppId string

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// The Functions host (and Baton's tables, shared/ingest/settings.ts) through the identity.
var hostStorageSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storageAccount.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storageAccount.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storageAccount.properties.primaryEndpoints.table
}

var baseSettings = {
  // DefaultAzureCredential in Baton's code (tables, Key Vault, Log Analytics, ARM) picks the
  // user-assigned identity through this.
  AZURE_CLIENT_ID: identityClientId
  // Ingestion only with the identity's Entra token: local auth is disabled on the component, so
  // the instrumentation key in the connection string grants nothing.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  BATON_PUBLIC_URL: 'https://${name}.azurewebsites.net'
  BATON_KEY_VAULT_URL: keyVaultUri
  BATON_TABLE_PREFIX: 'baton'
  // App Service Authentication (below) strips forged x-ms-client-principal headers.
  BATON_OPS_TRUST_PRINCIPAL: 'true'
}

// host.json names the scheduler's connection; the endpoint is reached with the identity (no key).
var schedulerSettings = durableBackend == 'DurableTaskScheduler'
  ? {
      DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${schedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
    }
  : {}

// The Azure Storage provider instead: app settings override host.json (AzureFunctionsJobHost__*).
// Polling at most every second keeps a stage's reaction to a Flux event under about a second; 4
// partitions let up to 4 instances share orchestrations (Baton runs a handful at once) while an idle
// app polls only 4 control queues; see docs/azure.md.
var azureStorageBackendSettings = durableBackend == 'AzureStorage'
  ? {
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'AzureStorage'
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionName: 'AzureWebJobsStorage'
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'AzureWebJobsStorage'
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount: '4'
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval: '00:00:01'
    }
  : {}

// Where the pipelines file is read (shared/pipelines/source/settings.ts): only with a repository,
// since the branch, path and credentials are refused without one.
var pipelinesSettings = !empty(pipelinesRepository)
  ? {
      BATON_PIPELINES_REPOSITORY: pipelinesRepository
      BATON_PIPELINES_BRANCH: pipelinesBranch
      BATON_PIPELINES_PATH: pipelinesPath
    }
  : {}
var pipelinesApiSettings = !empty(pipelinesRepository) && !empty(pipelinesGithubApiUrl)
  ? {
      BATON_PIPELINES_GITHUB_API_URL: pipelinesGithubApiUrl
    }
  : {}
var pipelinesAppSettings = !empty(pipelinesRepository) && !empty(pipelinesGithubAppId)
  ? {
      BATON_PIPELINES_GITHUB_APP_ID: pipelinesGithubAppId
      BATON_PIPELINES_GITHUB_INSTALLATION_ID: pipelinesGithubInstallationId
      BATON_PIPELINES_GITHUB_PRIVATE_KEY_SECRET: pipelinesGithubPrivateKeySecret
    }
  : {}
// Azure Repos with the app's managed identity instead of a token.
var pipelinesEntraSettings = !empty(pipelinesRepository) && empty(pipelinesGithubAppId) && empty(pipelinesTokenSecret) && pipelinesAuth == 'entra'
  ? {
      BATON_PIPELINES_AUTH: 'entra'
    }
  : {}
var pipelinesTokenSettings = !empty(pipelinesRepository) && empty(pipelinesGithubAppId) && !empty(pipelinesTokenSecret)
  ? {
      BATON_PIPELINES_TOKEN_SECRET: pipelinesTokenSecret
    }
  : {}

// The Teams bot (shared/teams/settings.ts); its client secret is the Key Vault secret
// baton-teams-app-password.
var teamsSettings = !empty(teamsBotAppId)
  ? {
      BATON_TEAMS_APP_ID: teamsBotAppId
      BATON_TEAMS_APP_TYPE: 'SingleTenant'
      BATON_TEAMS_TENANT_ID: tenantId
    }
  : {}

// What the pipelines file (anyone who can commit to the GitOps repository) may reach: the secrets
// and hosts the operator declares (shared/config/pipelineTrust.ts).
var pipelineTrustSettings = {
  BATON_PIPELINE_SECRETS: pipelineSecrets
  BATON_ALLOWED_HOSTS: allowedHosts
  BATON_ALLOWED_PRIVATE_NETWORKS: allowedPrivateNetworks
}

var appSettings = union(
  hostStorageSettings,
  baseSettings,
  schedulerSettings,
  azureStorageBackendSettings,
  pipelinesSettings,
  pipelinesApiSettings,
  pipelinesAppSettings,
  pipelinesTokenSettings,
  pipelinesEntraSettings,
  pipelineTrustSettings,
  teamsSettings
)

// Paths whose callers authenticate themselves (signatures, Bot Framework tokens, Event Grid):
// App Service Authentication leaves them alone.
var selfAuthenticatedPaths = [
  '/api/health'
  '/api/messages'
  '/api/ingest/github'
  '/api/ingest/acr'
  '/api/ingest/eventgrid'
  '/api/ingest/flux'
  '/runtime/webhooks/eventgrid'
]

var authSettings = {
  platform: {
    enabled: true
  }
  globalValidation: {
    // Webhooks arrive without Entra tokens; the ops API checks roles itself (x-ms-client-principal).
    requireAuthentication: false
    unauthenticatedClientAction: 'AllowAnonymous'
    excludedPaths: selfAuthenticatedPaths
  }
  identityProviders: {
    azureActiveDirectory: {
      enabled: true
      registration: {
        openIdIssuer: 'https://login.microsoftonline.com/${tenantId}/v2.0'
        clientId: authClientId
      }
      validation: {
        allowedAudiences: [
          authClientId
          'api://${authClientId}'
        ]
      }
    }
  }
  login: {
    tokenStore: {
      enabled: false
    }
  }
  httpSettings: {
    requireHttps: true
  }
}

module site 'br/public:avm/res/web/site:0.24.0' = {
  name: 'site'
  params: {
    name: name
    location: location
    kind: 'functionapp,linux'
    tags: union(tags, {
      'azd-service-name': 'api'
    })
    serverFarmResourceId: planId
    httpsOnly: true
    managedIdentities: {
      userAssignedResourceIds: [
        identityId
      ]
    }
    // Keys and publishing passwords are not used: deployment is through the identity (azd).
    basicPublishingCredentialsPolicies: [
      {
        name: 'ftp'
        allow: false
      }
      {
        name: 'scm'
        allow: false
      }
    ]
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
    siteConfig: {
      alwaysOn: false
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    configs: [
      {
        name: 'appsettings'
        properties: appSettings
      }
      {
        name: 'authsettingsV2'
        properties: authSettings
      }
    ]
  }
}

output name string = site.outputs.name
output resourceId string = site.outputs.resourceId
output defaultHostname string = site.outputs.defaultHostname
output taskHubName string = taskHubName
