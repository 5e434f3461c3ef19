/**
 * The botbuilder ActivityHandler for Baton's approval cards. Only `adaptiveCard/action` invokes
 * do anything; other activities (the bot being added to a team, messages) are acknowledged and
 * ignored. After a vote, the posted card is updated for everyone: best effort, the vote stands
 * whether or not the update lands.
 */
import { ActivityHandler, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type InvokeResponse, type TurnContext } from "botbuilder";
import { readCardAction } from "./cardAction.js";
import type { CardActionDeps } from "./cardActionDeps.js";
import { cardMessage } from "../connector/cardActivity.js";
import { handleCardAction } from "./handleCardAction.js";
import { errorAnswer } from "./invokeAnswer.js";

export interface BotLog {
  warn(message: string): void;
}

export class ApprovalBot extends ActivityHandler {
  constructor(
    private readonly deps: CardActionDeps,
    private readonly log: BotLog,
  ) {
    super();
  }

  /** The library reads `value.action.type` unguarded; a malformed invoke gets a 400 here instead of a 500. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === "adaptiveCard/action" && !hasAction(context.activity.value)) {
      const answer = errorAnswer(400, "the invoke carries no action");
      return { status: answer.statusCode, body: answer };
    }
    return super.onInvokeActivity(context);
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const action = readCardAction(context.activity, invoke.action);
    if ("problem" in action) return errorAnswer(400, action.problem);
    const outcome = await handleCardAction(this.deps, action);
    const replyToId = context.activity.replyToId;
    if (outcome.forEveryone && replyToId) {
      await context.updateActivity(cardMessage(outcome.forEveryone, { id: replyToId })).catch((error: unknown) => {
        this.log.warn(`approval card ${replyToId} not updated for everyone: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    return outcome.answer;
  }
}

function hasAction(value: unknown): boolean {
  const action = (value as { action?: unknown } | undefined)?.action;
  return typeof action === "object" && action !== null;
}
