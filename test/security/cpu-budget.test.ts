// The command budget counts the analysis's own CPU time: waiting for a core on a busy machine does not spend it.
import { describe, expect, it, vi } from 'vitest';
import { Budget } from '../../src/security/budget.js';

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('Budget', () => {
  it('asks the OS nothing for an analysis that ends early', () => {
    const cpu = vi.spyOn(process, 'cpuUsage');
    const b = new Budget(50);
    let expired = false;
    for (let i = 0; i < 100; i++) expired ||= b.expired();
    expect(expired).toBe(false);
    expect(cpu).not.toHaveBeenCalled();
    cpu.mockRestore();
  });

  it('is not spent by time the process did not run, and is spent by time it did', () => {
    const b = new Budget(15);
    spin(3);
    expect(b.expired()).toBe(false); // an analysis looks often: here it starts counting CPU time
    sleep(40); // the wall clock is past the budget, the CPU clock is not
    expect(b.expired()).toBe(false);
    spin(40);
    expect(b.expired()).toBe(true);
    expect(b.expired()).toBe(true); // stays spent
  });

  it('never runs past the wall deadline of the request, used or not', () => {
    // Before the deadline, some CPU spent is not expiry (a far deadline: a loaded machine stretches the spin's wall time).
    const far = new Budget(1000, performance.now() + 60_000);
    spin(3);
    expect(far.expired()).toBe(false);
    // Past the wall deadline it is spent, whatever CPU was used.
    const b = new Budget(1000, performance.now() + 10);
    sleep(20);
    expect(b.expired()).toBe(true);
  });
});
