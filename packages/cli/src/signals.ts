/**
 * Stopping a run cleanly on SIGINT (Ctrl-C), SIGTERM and SIGHUP: the first signal asks training
 * to stop at the next step boundary (the driver writes the checkpoint there); a second one of
 * the same run ends the process at once, as the user then clearly wants. Exit codes follow the
 * shell's convention, 128 + the signal's number: 130, 143, 129.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

const EXIT_CODES: Record<StopSignal, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export function signalExitCode(signal: StopSignal): number {
  return EXIT_CODES[signal];
}

export interface StopRequest {
  /** The signal received, or null. */
  readonly signal: StopSignal | null;
  /** Stops listening (the default behaviour of the signals comes back). */
  dispose(): void;
}

export function watchStopSignals(onFirst: (signal: StopSignal) => void = () => {}): StopRequest {
  let received: StopSignal | null = null;
  const handlers = STOP_SIGNALS.map((name) => {
    const handler = () => {
      if (received !== null) process.exit(signalExitCode(name));
      received = name;
      onFirst(name);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    get signal() {
      return received;
    },
    dispose() {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
