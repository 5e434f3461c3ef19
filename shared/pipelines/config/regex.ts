/** Whether a pattern compiles as a JavaScript regular expression (config validation). */
export function compilesAsRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
