// Awaits a condition by polling it (no fixed sleeps): resolves with its first truthy value, fails naming what was awaited.
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 45_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
