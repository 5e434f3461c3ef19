/**
 * Reads at most `maxBytes` of a response body and drops the rest unread: a configured URL may
 * answer with an endless body, and Baton only ever needs the beginning (issue 10 point 3).
 */
export async function readTextUpTo(res: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: "", truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - size;
      chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
      size += Math.min(value.byteLength, room);
      if (value.byteLength >= room) {
        truncated = value.byteLength > room || !(await reader.read()).done;
        break;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  // A multi-byte character cut at the limit decodes as U+FFFD, which no sensible pattern needs.
  return { text: Buffer.concat(chunks).toString("utf8"), truncated };
}
