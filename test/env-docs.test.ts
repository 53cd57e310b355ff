// Every configuration variable is documented in .env.example and the README, and nothing else is invented there.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_KEYS, loadConfig } from '../src/config.js';

const envExample = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('configuration docs', () => {
  it('.env.example lists every variable with its default', () => {
    const defaults = loadConfig({}) as Record<string, unknown>;
    const listed = new Map(
      envExample.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect([...listed.keys()].sort()).toEqual([...CONFIG_KEYS].sort());
    for (const key of CONFIG_KEYS) {
      const def = defaults[key];
      expect(listed.get(key), key).toBe(def === undefined ? '' : String(def));
    }
  });

  it('the README names every variable', () => {
    for (const key of CONFIG_KEYS) expect(readme, key).toContain(`\`${key}\``);
  });
});
