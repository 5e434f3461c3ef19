// Azure Bot for Teams approvals: single-tenant (new multi-tenant registrations are deprecated).
// The app registration and its client secret are made by an admin (docs/azure.md); the secret goes
// into Key Vault as baton-teams-app-password.
param name string
param tags object
param appId string
param tenantId string
param messagingEndpoint string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: 'Baton'
    endpoint: messagingEndpoint
    msaAppId: appId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
    // Only Entra tokens from the channel service; no Direct Line or Web Chat keys.
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output name string = bot.name
output messagingEndpoint string = bot.properties.endpoint
