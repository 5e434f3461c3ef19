import { Rejection } from "../http/rejection.js";

/**
 * Reads single fields of an already parsed payload, refusing a wrong type with the same 400 a
 * schema would give (`invalid <what>: <path>: Invalid input: expected <type>, received <type>`).
 * For hot doors whose payloads are large but of which Baton reads a handful of fields: only those
 * fields are looked at, nothing is copied.
 */
export class Fields {
  constructor(private readonly what: string) {}

  /** A JSON object (not an array); `null`/absent is refused unless `optional`. */
  object(value: unknown, path: string, optional: true): Record<string, unknown> | undefined;
  object(value: unknown, path: string, optional?: false): Record<string, unknown>;
  object(value: unknown, path: string, optional = false): Record<string, unknown> | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    if (optional && value == null) return undefined;
    return this.refuse(path, "object", value);
  }

  /** A JSON object used as a map (`Record<string, unknown>`); `null`/absent allowed. */
  record(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    if (value == null) return undefined;
    return this.refuse(path, "record", value);
  }

  /** A string; `null`/absent is refused unless `optional`. */
  string(value: unknown, path: string, optional: true): string | undefined;
  string(value: unknown, path: string, optional?: false): string;
  string(value: unknown, path: string, optional = false): string | undefined {
    if (typeof value === "string") return value;
    if (optional && value == null) return undefined;
    return this.refuse(path, "string", value);
  }

  /** A non-empty string. */
  nonEmpty(value: unknown, path: string): string {
    const text = this.string(value, path);
    if (text.length === 0) throw new Rejection(400, `invalid ${this.what}: ${path}: Too small: expected string to have >=1 characters`);
    return text;
  }

  /** A string matching `pattern`, refused with `message` otherwise. */
  matching(value: unknown, path: string, pattern: RegExp, message: string): string {
    const text = this.string(value, path);
    if (!pattern.test(text)) throw new Rejection(400, `invalid ${this.what}: ${path}: ${message}`);
    return text;
  }

  private refuse(path: string, expected: string, value: unknown): never {
    const received = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
    throw new Rejection(400, `invalid ${this.what}: ${path || "body"}: Invalid input: expected ${expected}, received ${received}`);
  }
}
