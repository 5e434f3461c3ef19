/**
 * Timer trigger schedules as the Functions host reads them: a six-field NCRONTAB expression
 * ("{second} {minute} {hour} {day} {month} {day-of-week}", in UTC unless WEBSITE_TIME_ZONE says
 * otherwise) or a TimeSpan interval ("00:05:00", "1.00:00:00").
 */
import { CronExpressionParser } from "cron-parser";

export type Schedule = { next(after: number): number; text: string };

export function parseSchedule(text: string, timeZone = "UTC"): Schedule {
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (span) {
    const ms = ((Number(span[1] ?? 0) * 24 + Number(span[2])) * 3600 + Number(span[3]) * 60 + Number(span[4])) * 1000;
    if (ms <= 0) throw new Error(`Timer schedule "${text}" must be a positive interval.`);
    return { text, next: (after) => after + ms };
  }
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(`Timer schedule "${text}" must be an NCRONTAB expression with six fields ({second} {minute} {hour} {day} {month} {day-of-week}) or a TimeSpan such as 00:05:00.`);
  }
  CronExpressionParser.parse(text, { tz: timeZone }); // fail at start-up, not at first fire
  return {
    text,
    next: (after) => CronExpressionParser.parse(text, { currentDate: new Date(after), tz: timeZone }).next().getTime(),
  };
}
