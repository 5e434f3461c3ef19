/**
 * Regular expressions written in configuration (tag policies, probe bodyMatch) run on RE2's
 * linear-time engine (re2js, a pure JavaScript port of RE2), never on JavaScript's backtracking
 * one: `(a+)+b` against 27 `a`s held the event loop for seconds (issue 10 point 3). RE2 syntax
 * has no lookaround and no backreferences; a pattern using them is refused at load.
 */
import { RE2JS } from "re2js";

/** Whether a pattern compiles on RE2 (config validation). */
export function compilesAsRegex(pattern: string): boolean {
  try {
    RE2JS.compile(pattern);
    return true;
  } catch {
    return false;
  }
}

export const REGEX_SYNTAX_HINT = "expected a valid RE2 regular expression (JavaScript syntax without lookaround or backreferences)";

/** Whether the whole of `text` matches `pattern`. */
export function matchesWhole(pattern: string, text: string): boolean {
  return RE2JS.compile(pattern).matches(text);
}

/** Whether `pattern` matches somewhere in `text`. */
export function matchesSomewhere(pattern: string, text: string): boolean {
  return RE2JS.compile(pattern).matcher(text).find();
}
