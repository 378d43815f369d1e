/**
 * Checks `condition` until it holds, then resolves. The deadline only keeps a test from hanging when
 * the awaited thing never happens; it never decides a verdict on a run that works, however slow.
 * An error thrown by `condition` fails at once.
 */
export async function until(
  awaited: string,
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 30_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`Waited ${timeoutMs / 1000} s for ${awaited}, in vain`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
