import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const API = join(__dirname, '../../apps/api/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the OpenAPI document', () => {
  it('names each schema once: two classes of one name would silently share one schema (Nest keeps the last)', () => {
    const seen = new Map<string, string[]>();
    for (const file of sources(API)) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/^export class (\w+)/gm)) {
        seen.set(name, [...(seen.get(name) ?? []), relative(API, file)]);
      }
    }
    expect([...seen].filter(([, files]) => files.length > 1)).toEqual([]);
  });
});
