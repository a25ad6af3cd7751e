/**
 * A seeded pseudo-random source for the demo data (mulberry32 over an FNV-1a hash of a
 * name), so every run, machine and test sees the same numbers. Never Math.random.
 */
export type Random = () => number;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Uniform numbers in [0, 1) from a stream named `seed`; streams of different names are independent. */
export function seededRandom(seed: string): Random {
  let state = fnv1a(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const between = (random: Random, low: number, high: number): number => low + (high - low) * random();

/** A factor around 1: uniform in [1 − spread, 1 + spread]. */
export const jitter = (random: Random, spread: number): number => 1 + (random() * 2 - 1) * spread;

/** A whole number from low to high, both included. */
export const wholeBetween = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
