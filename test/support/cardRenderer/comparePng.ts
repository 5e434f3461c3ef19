/**
 * Compares a screenshot with its baseline, tolerant of anti-aliasing and sub-pixel font changes
 * (a few pixels off by a little) but not of a missing or moved section (many pixels off by a lot).
 */
import { PNG } from "pngjs";

export interface PngDifference {
  /** Share of pixels that differ clearly, counting any size difference as differing area. */
  ratio: number;
  differing: number;
  size: { baseline: [number, number]; actual: [number, number] };
}

/** A channel must move by more than this (of 255) for the pixel to count: anti-aliasing moves less. */
const CHANNEL_TOLERANCE = 64;

export function comparePng(baselinePng: Buffer, actualPng: Buffer): PngDifference {
  const a = PNG.sync.read(baselinePng);
  const b = PNG.sync.read(actualPng);
  const width = Math.min(a.width, b.width);
  const height = Math.min(a.height, b.height);
  let differing = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ia = (y * a.width + x) * 4;
      const ib = (y * b.width + x) * 4;
      for (let c = 0; c < 4; c++) {
        if (Math.abs((a.data[ia + c] ?? 0) - (b.data[ib + c] ?? 0)) > CHANNEL_TOLERANCE) {
          differing++;
          break;
        }
      }
    }
  }
  const area = Math.max(a.width, b.width) * Math.max(a.height, b.height);
  differing += area - width * height;
  return { ratio: differing / area, differing, size: { baseline: [a.width, a.height], actual: [b.width, b.height] } };
}
