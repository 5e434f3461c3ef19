import { describe, expect, it } from "vitest";
import { parseJsonBody } from "../../shared/ingest/http/parseJson.js";
import { Rejection } from "../../shared/ingest/http/rejection.js";

const parse = (bytes: Buffer) => parseJsonBody({ bytes });
const refusal = (bytes: Buffer) => {
  try {
    parse(bytes);
  } catch (error) {
    return error instanceof Rejection ? `${error.status} ${error.message}` : error;
  }
  return "accepted";
};

describe("JSON body decoding (ASCII fast path, strict UTF-8 otherwise)", () => {
  it("parses ASCII and non-ASCII UTF-8 bodies exactly as JSON.parse of their UTF-8 text", () => {
    for (const text of ['{"a":"plain","n":[1,2.5,null,true]}', '{"name":"café ☕ 𝄞","esc":"\\u00e9"}']) {
      expect(parse(Buffer.from(text, "utf8"))).toEqual(JSON.parse(text));
    }
  });

  it("refuses a byte order mark, invalid UTF-8 and Latin-1 text that is not UTF-8", () => {
    expect(refusal(Buffer.from("\ufeff{}", "utf8"))).toBe("400 body is not valid JSON");
    expect(refusal(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toBe("400 body is not valid UTF-8");
    expect(refusal(Buffer.from('{"name":"caf\u00e9"}', "latin1"))).toBe("400 body is not valid UTF-8");
    expect(refusal(Buffer.from("{not json"))).toBe("400 body is not valid JSON");
  });
});
