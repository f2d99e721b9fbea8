import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Each day's Merkle root is also written outside the database, to an append-only file (one JSON
 * line per day, never rewritten): whoever can rewrite the database, events and recorded digests
 * together, still cannot rewrite what this file says, and the verification compares both.
 */
export interface Anchor {
  day: string;
  merkleRoot: string;
  events: number;
  at: string;
}

export function readAnchors(file: string): Map<string, Anchor> {
  const anchors = new Map<string, Anchor>();
  if (!existsSync(file)) return anchors;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const anchor = JSON.parse(line) as Anchor;
      // The first line of a day is what was anchored; a later one for the same day changes nothing.
      if (!anchors.has(anchor.day)) anchors.set(anchor.day, anchor);
    } catch {
      // a torn last line (a crash while writing): the day is anchored again on the next pass
    }
  }
  return anchors;
}

/** Appends a day's root, written through to the disk (callers read the file once and append the days it lacks). */
export function appendAnchor(file: string, anchor: Omit<Anchor, 'at'>): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify({ ...anchor, at: new Date().toISOString() })}\n`, { mode: 0o640 });
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
