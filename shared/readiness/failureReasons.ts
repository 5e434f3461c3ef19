/**
 * Ready=False reasons that are not a verdict on our revision: Flux is still working, or waits on
 * something outside the object (protocols.md 3.1 lists the Ready reasons). Any other Ready=False
 * at our revision is a failed reconcile, and issue 5 says that fails the wait at once.
 */
const notAVerdict = new Set([
  "Progressing",
  "ProgressingWithRetry",
  // Waits for another Flux object; it retries on its own.
  "DependencyNotReady",
  // The source artifact could not be fetched from source-controller: storage, not our manifests.
  "ArtifactFailed",
]);

export function isFailureReason(reason: string): boolean {
  return !notAVerdict.has(reason);
}
