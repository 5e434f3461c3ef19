/**
 * The workflow's inputs from the gate's template: `{promotionId}`, `{stage}` and `{commit}` are
 * filled in, so a workflow receives them only when its gate asks (workflows reject unknown inputs).
 */
export interface DispatchContext {
  promotionId: string;
  stage: string;
  commit: string;
}

export function renderInputs(template: Record<string, string>, context: DispatchContext): Record<string, string> {
  const fill = (value: string) => value.replace(/\{(promotionId|stage|commit)\}/g, (_, name: keyof DispatchContext) => context[name]);
  return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fill(value)]));
}
