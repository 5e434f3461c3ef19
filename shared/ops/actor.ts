/**
 * Who did something through the ops API: a person signed in with App Service Authentication, or
 * a named ops key. Kept with every audit record, hold and vote.
 */
export interface Actor {
  /** Entra object id for a person (names are not unique); `key:<name>` for a named key. */
  id: string;
  /** Display name, for people reading the audit; never used to decide anything. */
  name: string;
  via: "principal" | `key:${string}`;
}

/** How an actor appears in strings the orchestration keeps (`startedBy`, timeline `actor`). */
export function describeActor(actor: Actor): string {
  // A key's id (`key:<name>`) already says everything; a person reads best as "name <object id>".
  return actor.via !== "principal" || actor.name === actor.id ? actor.id : `${actor.name} <${actor.id}>`;
}
