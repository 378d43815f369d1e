/** What of one request's answer came from cache entries past their time-to-live. */
export class Staleness {
  /** The age of the oldest stale entry used, in seconds since it was read from its registry; null when none. */
  ageSeconds: number | null = null;

  note(ageSeconds: number): void {
    this.ageSeconds = Math.max(this.ageSeconds ?? 0, ageSeconds);
  }
}
