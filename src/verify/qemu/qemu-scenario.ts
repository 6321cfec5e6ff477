import { basename } from 'node:path';
import type { TranslatedFile } from '../../translate/translate-file.js';
import type { QemuDriver } from './qemu-drivers.js';
import type { MachineDevice, QemuMachine } from './qemu-machine.js';

/** Where in the emitted driver a failed check points: the first line of `file` that contains `text`. */
export interface CodeRef {
  file: string;
  text: string;
}

/** A scenario's check did not hold: the step, what QEMU (or the driver) showed, the code behind it. */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly where?: CodeRef,
  ) {
    super(message);
  }
}

export interface ScenarioContext {
  machine: QemuMachine;
  /** Names the step a failure is reported under. */
  step(name: string): void;
  /** Throws CheckFailure unless cond holds. */
  check(cond: boolean, message: string, where?: CodeRef): void;
  /** A harness command whose reply must have r == 0 (when it has an r). */
  ok(cmd: string, args?: Record<string, unknown>, where?: CodeRef): Promise<Record<string, number>>;
  /** Work files of this run (disk images). */
  tmp: string;
  /** What the scenario's setup made besides the device (the network peer). */
  peer: unknown;
}

/** A scenario's VM: QEMU's device, and what the test holds on the other side of it. */
export interface ScenarioSetup {
  device: MachineDevice;
  peer?: unknown;
  close?(): void;
}

/** One real-device scenario: a fresh VM with one device, the translated driver attached to it. */
export interface QemuScenario {
  name: string;
  driver: QemuDriver['module'];
  /** What it proves, one line (printed by `verify --device qemu --list`). */
  summary: string;
  /** QEMU's device and what feeds it, given the run's work folder. */
  setup(tmp: string): ScenarioSetup | Promise<ScenarioSetup>;
  run(ctx: ScenarioContext): Promise<void>;
}

export interface ScenarioResult {
  name: string;
  passed: boolean;
  ms: number;
  /** Failure: the step, the message, where in the emitted code (and its NetBSD origin). */
  failure?: { step: string; message: string; at?: string };
}

/** `file:line` of the emitted code described with its origin: `if_vioif.c:739 (rewritten, from NetBSD if_vioif.c:657, rules ...)`. */
export function describeEmitted(at: string, files: readonly TranslatedFile[]): string {
  const m = /^([\w.-]+):(\d+)$/.exec(at);
  if (!m) return at;
  const file = files.find((f) => basename(f.path) === m[1]);
  const origin = file?.origins[Number(m[2]) - 1];
  if (!origin) return at;
  const rules = origin.ruleIds.length > 0 ? `, rules ${origin.ruleIds.join(' ')}` : '';
  return `${at} (${origin.kind}, from NetBSD ${basename(file!.path)}:${origin.srcLine}${rules})`;
}

/**
 * The emitted line a CodeRef names, as `file:line`, or undefined when the text is not there (any more).
 * A line that starts with the text comes first: a function's definition, not its prototype.
 */
export function findCode(ref: CodeRef, files: readonly TranslatedFile[]): string | undefined {
  const lines = files.find((f) => basename(f.path) === ref.file)?.output.text.split('\n') ?? [];
  const start = lines.findIndex((l) => l.startsWith(ref.text));
  const i = start >= 0 ? start : lines.findIndex((l) => l.includes(ref.text));
  return i >= 0 ? `${ref.file}:${i + 1}` : undefined;
}
