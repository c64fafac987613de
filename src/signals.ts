/** A stop asked for by the operator or the supervisor (docker stop, systemd, Ctrl-C). */
export interface TrappedSignals {
  /** The first SIGTERM or SIGINT, however early it came. */
  readonly first: Promise<NodeJS.Signals>;
}

/**
 * Listens for SIGTERM/SIGINT from the very start, before the desk's modules load: a signal that
 * arrives while the desk is still starting is kept and honoured as soon as it can stop cleanly,
 * instead of killing the process halfway (Node's default) or being ignored (Node as PID 1). A
 * second signal ends the process at once.
 */
export function trapSignals(): TrappedSignals {
  let resolve: (signal: NodeJS.Signals) => void = () => {};
  const first = new Promise<NodeJS.Signals>((r) => (resolve = r));
  let count = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    count += 1;
    // A second signal while the desk is stopping: the operator insists, so stop now.
    if (count > 1) {
      process.stderr.write(`Second ${signal}: exiting without waiting for the stop to finish.\n`);
      process.exit(1);
    }
    resolve(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { first };
}
