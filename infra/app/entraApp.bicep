// The Entra app registration App Service Authentication validates tokens for, with the ops API's
// app roles (shared/ops: viewer, operator, approver). Needs the Microsoft Graph Bicep extension
// (bicepconfig.json) and permission to create applications.
extension microsoftGraphV1

param uniqueName string
param displayName string
@description('App Service Authentication\'s sign-in callback.')
param redirectUri string

var appRoles = [
  {
    value: 'viewer'
    displayName: 'Baton viewer'
    description: 'Read promotions, their timeline and audit, and holds.'
  }
  {
    value: 'operator'
    displayName: 'Baton operator'
    description: 'Start, pause, resume, retry, skip, roll back and abort promotions; set and release holds.'
  }
  {
    value: 'approver'
    displayName: 'Baton approver'
    description: 'Approve or reject a stage awaiting approval (subject to the pipeline\'s approver list and separation of duties).'
  }
]

resource application 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  appRoles: [
    for role in appRoles: {
      // Stable per role and app, so a redeployment keeps existing role assignments.
      id: guid(uniqueName, role.value)
      value: role.value
      displayName: role.displayName
      description: role.description
      allowedMemberTypes: [
        'User'
        'Application'
      ]
      isEnabled: true
    }
  ]
  web: {
    redirectUris: [
      redirectUri
    ]
    // Sign-in without a client secret: App Service Authentication uses the ID token it receives.
    implicitGrantSettings: {
      enableIdTokenIssuance: true
    }
  }
}

resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: application.appId
  // Only users and apps given one of the roles may get a token for Baton.
  appRoleAssignmentRequired: true
}

output clientId string = application.appId
output servicePrincipalId string = servicePrincipal.id
