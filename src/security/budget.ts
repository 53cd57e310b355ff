// The time an analysis may take: its own CPU time within a command budget, and never past a request's wall deadline.

/** Below this much wall time nothing is asked of the OS: nearly every analysis ends long before it. */
const CPU_MARK_MS = 2;

/**
 * On a busy machine a process can wait for a core for longer than a whole command budget; counting that
 * wait would turn ordinary commands into fail-closed verdicts at random. So the wall clock is looked at
 * first (cheap), and the process's CPU time (a syscall) only for an analysis that is still running after
 * CPU_MARK_MS: it is sampled then, and the time before the mark is counted as used, which errs towards
 * the budget running out. The budget is over once we used it ourselves — or once the request's wall
 * deadline, which an agent is waiting on, has passed.
 */
export class Budget {
  private readonly wallStart = performance.now();
  private cpuMark: NodeJS.CpuUsage | undefined;
  private wallAtMark = 0;
  private spent = false;

  constructor(
    /** CPU milliseconds this analysis may use. */
    readonly ms: number,
    /** A performance.now() time past which nothing more is done, whatever the CPU time. */
    readonly wallDeadline = Infinity,
  ) {}

  expired(): boolean {
    if (this.spent) return true;
    const now = performance.now();
    if (now > this.wallDeadline) return (this.spent = true);
    const wall = now - this.wallStart;
    if (this.cpuMark === undefined && wall > Math.min(CPU_MARK_MS, this.ms)) {
      this.cpuMark = process.cpuUsage();
      this.wallAtMark = wall;
    }
    if (wall <= this.ms || this.cpuMark === undefined) return false;
    const { user, system } = process.cpuUsage(this.cpuMark);
    if (this.wallAtMark + (user + system) / 1000 > this.ms) return (this.spent = true);
    return false;
  }
}
