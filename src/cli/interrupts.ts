/**
 * SIGINT/SIGTERM during a run: undo what is in flight (lock, temporary folders) and exit with the
 * conventional 128+signal status. Writing the tree is synchronous, so a signal is handled either
 * before the atomic swap (nothing changed) or after it (new tree complete), never in between.
 */
export function onInterrupt(cleanup: () => void): () => void {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = (): void => {
      cleanup();
      process.stderr.write(`port-virtio: interrupted (${signal}); previous output left as it was\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}
