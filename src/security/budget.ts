// The time an analysis may take: its own CPU time within a command budget, and never past a request's wall deadline.

/**
 * On a busy machine a process can wait for a core for longer than a whole command budget; counting that
 * wait would turn ordinary commands into fail-closed verdicts at random. So the wall clock is looked at
 * first (cheap), and only when it says the budget is spent is the process's CPU time asked (a syscall):
 * the budget is over once we used it ourselves — or once the request's wall deadline, which an agent is
 * waiting on, has passed.
 */
export class Budget {
  private readonly wallStart = performance.now();
  private readonly cpuStart = process.cpuUsage();
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
    if (now - this.wallStart <= this.ms) return false;
    const { user, system } = process.cpuUsage(this.cpuStart);
    if ((user + system) / 1000 > this.ms) return (this.spent = true);
    return false;
  }
}
