/**
 * The fields of an incoming activity Baton reads, as the channel sent them (the JSON body the
 * SDK authenticated and parsed). Read from the body rather than from the SDK's Activity, whose
 * schema drops fields it does not model (Teams' `from.userPrincipalName`).
 */
export interface WireActivity {
  type?: unknown;
  name?: unknown;
  channelId?: unknown;
  serviceUrl?: unknown;
  replyToId?: unknown;
  from?: { aadObjectId?: unknown; name?: unknown; userPrincipalName?: unknown };
  conversation?: { id?: unknown; tenantId?: unknown; conversationType?: unknown };
  channelData?: { tenant?: { id?: unknown }; team?: { id?: unknown; name?: unknown }; channel?: { id?: unknown; name?: unknown } };
  action?: unknown;
  value?: unknown;
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
