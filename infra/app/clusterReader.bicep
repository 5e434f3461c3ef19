// Readiness polls this cluster's Flux status through ARM (shared/readiness/sources/arm:
// SourceControlConfigurationClient.fluxConfigurations.get), an AKS or an Arc-enabled cluster.
param clusterResourceId string
param principalId string
param roleDefinitionId string

var isArc = contains(toLower(clusterResourceId), '/providers/microsoft.kubernetes/connectedclusters/')
var clusterName = last(split(clusterResourceId, '/'))

resource managedCluster 'Microsoft.ContainerService/managedClusters@2025-10-01' existing = if (!isArc) {
  name: clusterName
}

resource connectedCluster 'Microsoft.Kubernetes/connectedClusters@2024-01-01' existing = if (isArc) {
  name: clusterName
}

resource aksReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!isArc) {
  name: guid(clusterResourceId, principalId, roleDefinitionId)
  scope: managedCluster
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource arcReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (isArc) {
  name: guid(clusterResourceId, principalId, roleDefinitionId)
  scope: connectedCluster
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
