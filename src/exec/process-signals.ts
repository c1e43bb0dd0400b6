// The one place exec touches the process's signal handlers, so exec's logic is testable with a fake.
import process from 'node:process';

/** The signals `fbtok exec` passes on to its child. */
export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

/** Subscribes to the forwarded signals; returns the unsubscribe function. */
export type OnSignals = (handler: (signal: ForwardedSignal) => void) => () => void;

/**
 * Listening replaces Node's default action (exit) for SIGTERM and SIGHUP, so fbtok stays
 * alive until the child, which decides what a signal means, has exited.
 */
export const onProcessSignals: OnSignals = (handler) => {
  const listeners = FORWARDED_SIGNALS.map((signal) => {
    const listener = () => handler(signal);
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
};
