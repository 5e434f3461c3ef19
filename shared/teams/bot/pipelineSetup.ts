/**
 * What an admin needs to point a pipeline at the conversation the bot was just installed in or
 * messaged from (issue 11 section 2): the conversation id, the service URL and the tenant, as
 * the `approval.teams` block of the pipelines file. Everything comes from the authenticated
 * activity; nothing is stored.
 */
import { text, type WireActivity } from "./wireActivity.js";

export interface PipelineSetup {
  conversationId: string;
  serviceUrl: string;
  tenantId: string | undefined;
  /** The team's or chat's name when Teams sent one, to tell conversations apart. */
  where: string | undefined;
}

export function pipelineSetupOf(activity: WireActivity): PipelineSetup | undefined {
  const conversation = text(activity.conversation?.id);
  const serviceUrl = text(activity.serviceUrl);
  if (!conversation || !serviceUrl) return undefined;
  const team = text(activity.channelData?.team?.name);
  const channel = text(activity.channelData?.channel?.name);
  return {
    // A channel thread's id carries `;messageid=<root>`; cards go to the channel itself.
    conversationId: conversation.split(";")[0]!,
    serviceUrl,
    tenantId: text(activity.conversation?.tenantId) ?? text(activity.channelData?.tenant?.id),
    where: team ? `${team}${channel ? ` / ${channel}` : ""}` : undefined,
  };
}

/** A short markdown message (Teams renders markdown in message text). */
export function pipelineSetupText(setup: PipelineSetup): string {
  const lines = [
    `Baton can post approval cards here${setup.where ? ` (${setup.where})` : ""}. Put this in the stage's \`approval\` block of the pipelines file:`,
    "",
    "```yaml",
    "teams:",
    `  conversationId: "${setup.conversationId}"`,
    `  serviceUrl: "${setup.serviceUrl}"`,
    ...(setup.tenantId ? [`  tenantId: "${setup.tenantId}"`] : []),
    "```",
  ];
  return lines.join("\n");
}
