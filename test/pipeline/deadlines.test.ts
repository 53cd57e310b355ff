// Deadlines: one timer for every pending answer; in time it is the value, late it is undefined, and no timer lingers.
import { describe, expect, it } from 'vitest';
import { Deadlines } from '../../src/pipeline/deadlines.js';

const after = <T>(ms: number, v: T) => new Promise<T>((r) => setTimeout(() => r(v), ms));

describe('Deadlines', () => {
  it('gives the value when it comes in time and undefined when it does not; errors pass through', async () => {
    const d = new Deadlines();
    const now = performance.now();
    const [fast, slow, failed] = await Promise.all([
      d.within(after(5, 'fast'), now + 200),
      d.within(after(300, 'slow'), now + 60),
      d.within(Promise.reject(new Error('boom')), now + 100).catch((e: Error) => e.message),
    ]);
    expect([fast, slow, failed]).toEqual(['fast', undefined, 'boom']);
    const late = performance.now() - now;
    expect(late).toBeGreaterThanOrEqual(55);
  });

  it('many waiters share one timer, expire in order, and leave nothing armed when done', async () => {
    const d = new Deadlines();
    const now = performance.now();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => d.within(after(i % 2 ? 200 : 1, i), now + 30 + (i % 7))),
    );
    expect(results.filter((r) => r === undefined)).toHaveLength(100);
    expect(results.filter((r) => r !== undefined)).toEqual(Array.from({ length: 100 }, (_, i) => i * 2));
    expect((d as unknown as { timer: unknown }).timer).toBeUndefined();
  });
});
