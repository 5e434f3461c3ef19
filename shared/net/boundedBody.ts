/**
 * Reads at most `maxBytes` of a response body and drops the rest unread: a configured URL may
 * answer with an endless body, and Baton only ever needs the beginning (issue 10 point 3).
 */
export async function readTextUpTo(res: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: "", truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  // Leaving the loop early cancels the stream: the rest of the body is never read.
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    const room = maxBytes - size;
    if (chunk.byteLength > room) {
      chunks.push(chunk.subarray(0, room));
      truncated = true;
      break;
    }
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  // A multi-byte character cut at the limit decodes as U+FFFD, which no sensible pattern needs.
  return { text: Buffer.concat(chunks).toString("utf8"), truncated };
}
