// Debounced, latest-wins jobs per key: scheduling a job for a key cancels the one waiting, and a job that is
// already running learns it was overtaken (isLatest() turns false), so stale results are never published.
export type Job = (isLatest: () => boolean) => Promise<void>;

export class LatestOnly {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  schedule(key: string, delayMs: number, job: Job): void {
    const generation = this.bump(key);
    const isLatest = () => this.generations.get(key) === generation;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (isLatest()) job(isLatest).catch(this.onError);
      }, delayMs),
    );
  }

  /** Drops the waiting job and marks a running one overtaken (the counter stays: an old job must never match again). */
  cancel(key: string): void {
    this.bump(key);
  }

  private bump(key: string): number {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    return generation;
  }
}
