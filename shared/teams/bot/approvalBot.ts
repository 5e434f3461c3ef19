/**
 * The Agents SDK ActivityHandler for Baton's bot. `adaptiveCard/action` invokes are card votes;
 * an installation (`installationUpdate` add) or a message is answered with what an admin needs
 * to point a pipeline at this conversation; other activities are acknowledged and ignored.
 * After a vote, the posted card is updated for everyone: best effort, the vote stands whether
 * or not the update lands. Loaded only by the Teams composition root (it imports the SDK).
 */
import { Activity } from "@microsoft/agents-activity";
import { ActivityHandler, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type InvokeResponse, type TurnContext } from "@microsoft/agents-hosting";
import { cardMessage } from "../connector/cardActivity.js";
import { readCardAction } from "./cardAction.js";
import type { CardActionDeps } from "./cardActionDeps.js";
import { handleCardAction } from "./handleCardAction.js";
import { errorAnswer } from "./invokeAnswer.js";
import { pipelineSetupOf, pipelineSetupText } from "./pipelineSetup.js";
import type { WireActivity } from "./wireActivity.js";

export interface BotLog {
  warn(message: string): void;
}

export class ApprovalBot extends ActivityHandler {
  constructor(
    /** The activity as the channel sent it (the SDK's Activity drops fields Teams adds). */
    private readonly wire: WireActivity,
    private readonly deps: () => Promise<CardActionDeps>,
    private readonly log: BotLog,
  ) {
    super();
  }

  /** The SDK reads `value.action.type` unguarded; a malformed invoke gets a 400 here instead of a 500. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === "adaptiveCard/action" && !hasAction(context.activity.value)) {
      const answer = errorAnswer(400, "the invoke carries no action");
      return { status: answer.statusCode, body: answer };
    }
    return super.onInvokeActivity(context);
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const action = readCardAction(this.wire, invoke.action);
    if ("problem" in action) return errorAnswer(400, action.problem);
    const outcome = await handleCardAction(await this.deps(), action);
    const replyToId = context.activity.replyToId;
    if (outcome.forEveryone && replyToId) {
      await context.updateActivity(Activity.fromObject(cardMessage(outcome.forEveryone, { id: replyToId }))).catch((error: unknown) => {
        this.log.warn(`approval card ${replyToId} not updated for everyone: ${describe(error)}`);
      });
    }
    return outcome.answer;
  }

  protected override async onMessageActivity(context: TurnContext): Promise<void> {
    await this.answerSetup(context);
  }

  protected override async onInstallationUpdateActivity(context: TurnContext): Promise<void> {
    // `add` and `add-upgrade`; a removal is not answered (the bot can no longer post there).
    if (typeof this.wire.action === "string" && this.wire.action.startsWith("add")) await this.answerSetup(context);
  }

  private async answerSetup(context: TurnContext): Promise<void> {
    const setup = pipelineSetupOf(this.wire);
    if (!setup) return;
    // Best effort: a bot that may not post here must still acknowledge the activity.
    await context.sendActivity(pipelineSetupText(setup)).catch((error: unknown) => {
      this.log.warn(`could not answer in ${setup.conversationId}: ${describe(error)}`);
    });
  }
}

function hasAction(value: unknown): boolean {
  const action = (value as { action?: unknown } | undefined)?.action;
  return typeof action === "object" && action !== null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
