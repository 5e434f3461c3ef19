/**
 * `properties` of a fluxConfigurations resource as ARM returns it (protocols.md 4.1, after the
 * REST spec's GetFluxConfiguration example). Defaults describe a compliant configuration.
 */
export interface KustomizationStatusInput {
  /** The extension's name for it: `<fluxConfigName>-<kustomizationKey>`. */
  name: string;
  complianceState?: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

export interface FluxConfigurationInput {
  namespace?: string;
  complianceState?: string;
  sourceSyncedCommitId: string;
  sourceUpdatedAt?: string;
  statusUpdatedAt?: string;
  suspend?: boolean;
  kustomizations: KustomizationStatusInput[];
  helmReleases?: (KustomizationStatusInput & { lastRevisionApplied?: number })[];
}

export function fluxConfigurationProperties(input: FluxConfigurationInput): Record<string, unknown> {
  const namespace = input.namespace ?? "cluster-config";
  const sourceUpdatedAt = input.sourceUpdatedAt ?? "2026-03-01T10:04:40Z";
  const objectStatus = (kind: string, s: KustomizationStatusInput): Record<string, unknown> => ({
    name: s.name,
    namespace,
    kind,
    complianceState: s.complianceState ?? complianceOf(s.status),
    appliedBy: null,
    statusConditions: [
      { lastTransitionTime: s.lastTransitionTime ?? "2026-03-01T10:05:10Z", message: s.message, reason: s.reason, status: s.status, type: "Ready" },
    ],
    helmReleaseProperties: null,
  });
  return {
    scope: "cluster",
    namespace,
    sourceKind: "GitRepository",
    suspend: input.suspend ?? false,
    gitRepository: { url: "https://github.com/acme/gitops", timeoutInSeconds: 600, syncIntervalInSeconds: 600, repositoryRef: { branch: "main" } },
    kustomizations: Object.fromEntries(
      input.kustomizations.map((k) => [k.name.replace(/^cluster-config-/, ""), { name: k.name, path: "./apps/prod", dependsOn: [], timeoutInSeconds: 600, syncIntervalInSeconds: 600, prune: true, wait: true }]),
    ),
    statuses: [
      {
        name: "cluster-config",
        namespace,
        kind: "GitRepository",
        complianceState: "Compliant",
        appliedBy: null,
        statusConditions: [
          { lastTransitionTime: sourceUpdatedAt, message: `stored artifact for revision '${input.sourceSyncedCommitId}'`, reason: "Succeeded", status: "True", type: "Ready" },
        ],
        helmReleaseProperties: null,
      },
      ...input.kustomizations.map((k) => objectStatus("Kustomization", k)),
      ...(input.helmReleases ?? []).map((h) => ({
        ...objectStatus("HelmRelease", h),
        appliedBy: { name: "cluster-config-apps", namespace },
        helmReleaseProperties: { lastRevisionApplied: h.lastRevisionApplied ?? 4, helmChartRef: { name: `${namespace}-${h.name}`, namespace }, failureCount: 0, installFailureCount: 0, upgradeFailureCount: 0 },
      })),
    ],
    errorMessage: "",
    complianceState: input.complianceState ?? "Compliant",
    provisioningState: "Succeeded",
    repositoryPublicKey: "",
    sourceSyncedCommitId: input.sourceSyncedCommitId,
    sourceUpdatedAt,
    statusUpdatedAt: input.statusUpdatedAt ?? "2026-03-01T10:05:12Z",
  };
}

function complianceOf(status: string): string {
  return status === "True" ? "Compliant" : status === "False" ? "Non-Compliant" : "Pending";
}
