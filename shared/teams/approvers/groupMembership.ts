/** Which of the given Entra groups a user belongs to (transitively), as Microsoft Graph answers it. */
export interface GroupMembership {
  /** The subset of `groupIds` the user is a member of; empty when none (or no such user). */
  memberGroups(userId: string, groupIds: readonly string[]): Promise<string[]>;
}
