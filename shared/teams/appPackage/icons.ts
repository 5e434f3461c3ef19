/**
 * Draws the two icons of the Teams app package (appPackage/color.png and outline.png) with
 * pngjs. Teams requires a 192x192 full-colour icon (the symbol inside the central 96x96 safe
 * area on a solid background) and a 32x32 outline icon: white on a transparent background.
 * The symbol is a baton: a thick diagonal bar with round ends, anti-aliased.
 * Run `npx tsx shared/teams/appPackage/icons.ts` to redraw them; the PNGs are committed.
 */
import { writeFileSync } from "node:fs";
import { PNG } from "pngjs";

type Rgba = [number, number, number, number];

export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;
const ACCENT: Rgba = [0x3b, 0x5b, 0xdb, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/** Distance from (x, y) to the segment a-b. */
function distanceToSegment(x: number, y: number, a: [number, number], b: [number, number]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}

/** The baton's coverage of a pixel (0..1), for a symbol spanning `from`..`to` of the image. */
function batonCoverage(size: number, x: number, y: number, from: number, to: number, width: number): number {
  const a: [number, number] = [size * from, size * to];
  const b: [number, number] = [size * to, size * from];
  const d = distanceToSegment(x + 0.5, y + 0.5, a, b);
  return Math.max(0, Math.min(1, width / 2 - d + 0.5));
}

function draw(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const i = (y * size + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

export function colorIcon(): Buffer {
  // The symbol stays inside the central 96x96 safe area (from 0.25 to 0.75 of the side).
  return draw(COLOR_SIZE, (x, y) => {
    const c = batonCoverage(COLOR_SIZE, x, y, 0.3, 0.7, 22);
    return [0, 1, 2].map((k) => Math.round(ACCENT[k]! * (1 - c) + WHITE[k]! * c)).concat(255) as Rgba;
  });
}

export function outlineIcon(): Buffer {
  return draw(OUTLINE_SIZE, (x, y) => {
    const c = batonCoverage(OUTLINE_SIZE, x, y, 0.18, 0.82, 5);
    return [255, 255, 255, Math.round(255 * c)];
  });
}

if (process.argv[1]?.endsWith("icons.ts")) {
  writeFileSync("appPackage/color.png", colorIcon());
  writeFileSync("appPackage/outline.png", outlineIcon());
  console.log("wrote appPackage/color.png and appPackage/outline.png");
}
