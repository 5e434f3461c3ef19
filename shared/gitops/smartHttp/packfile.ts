/**
 * A packfile of whole (undeltified) objects, as gitformat-pack describes version 2: the signature
 * `PACK`, the version, the object count (all 4-byte big-endian), then per object a header (type in
 * bits 6-4 of the first byte, size in its low 4 bits and 7 more bits per continuation byte) and the
 * zlib-deflated content, then a SHA-1 of everything before it. A push of one batch carries a few
 * small objects, so deltas would save nothing worth their CPU; the server stores them as sent.
 */
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import type { GitObject, ObjectType } from "./gitObjects.js";

const typeCode: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3 };

function objectHeader(type: ObjectType, size: number): Buffer {
  const bytes: number[] = [];
  let byte = (typeCode[type] << 4) | (size & 0x0f);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

export function buildPack(objects: Iterable<GitObject>): Buffer {
  const parts: Buffer[] = [];
  let count = 0;
  for (const { type, content } of objects) {
    parts.push(objectHeader(type, content.byteLength), deflateSync(content));
    count++;
  }
  const header = Buffer.alloc(12);
  header.write("PACK", 0, "latin1");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(count, 8);
  const body = Buffer.concat([header, ...parts]);
  return Buffer.concat([body, createHash("sha1").update(body).digest()]);
}
