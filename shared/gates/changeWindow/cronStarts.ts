/** Window starts from a five- or six-field cron expression, stepped in wall time (see zoneClock.ts). */
import { CronExpressionParser } from "cron-parser";

export type StartsBetween = (fromWall: number, toWall: number) => number[];

export function cronStarts(expression: string): StartsBetween {
  const fields = expression.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) throw new Error(`expected a cron expression of five fields (minute hour day month weekday) or six (with seconds first), got ${fields}`);
  // Parsing once up front surfaces syntax errors at configuration time; stepping reuses the text.
  CronExpressionParser.parse(expression, { tz: "UTC", strict: false });
  return (fromWall, toWall) => {
    // UTC here is not a zone choice: wall times are stored as UTC fields (zoneClock.ts).
    const cron = CronExpressionParser.parse(expression, { tz: "UTC", currentDate: new Date(fromWall - 1) });
    const starts: number[] = [];
    for (let next = cron.next().getTime(); next < toWall; next = cron.next().getTime()) starts.push(next);
    return starts;
  };
}
