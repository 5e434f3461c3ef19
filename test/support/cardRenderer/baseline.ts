/**
 * Screenshot baselines: compare with the committed PNG, or (re)write it when
 * UPDATE_CARD_BASELINES=1. A mismatch leaves the actual screenshot in the temp folder to look at.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { comparePng } from "./comparePng.js";

/** Above this share of clearly different pixels, something on the card changed. */
export const MAX_DIFF_RATIO = 0.01;

/** Undefined when the screenshot matches (or the baseline was just written); otherwise why not. */
export function checkBaseline(file: string, png: Buffer, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.UPDATE_CARD_BASELINES === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, png);
    return undefined;
  }
  if (!existsSync(file)) return `no baseline at ${file}: run UPDATE_CARD_BASELINES=1 npx vitest run test/teams/cards/render.test.ts, look at the PNG, and commit it`;
  const difference = comparePng(readFileSync(file), png);
  if (difference.ratio <= MAX_DIFF_RATIO) return undefined;
  const actual = join(tmpdir(), `actual-${basename(file)}`);
  writeFileSync(actual, png);
  return (
    `screenshot differs from ${file}: ${(difference.ratio * 100).toFixed(2)}% of pixels (limit ${MAX_DIFF_RATIO * 100}%), ` +
    `size ${difference.size.actual.join("x")} vs baseline ${difference.size.baseline.join("x")}; actual saved at ${actual}. ` +
    `If the change is intended, regenerate with UPDATE_CARD_BASELINES=1.`
  );
}
