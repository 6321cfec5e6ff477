import type { SparseMemory } from '../model/memory.js';
import type { DriverVirtqueue } from '../model/virtqueue-driver.js';

/** The ring memory of each of the model driver's virtqueues, as every model backend reports it. */
export function modelRings(vqs: readonly DriverVirtqueue[] | undefined, memory: SparseMemory): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  for (const vq of vqs ?? []) out.set(vq.index, memory.read(vq.base, vq.layout.bytes));
  return out;
}

/** A numeric argument of a `{ do: 'driver' }` op that the call requires. */
export function needArg(args: Record<string, number>, key: string): number {
  const v = args[key];
  if (v === undefined) throw new Error(`driver call needs '${key}'`);
  return v;
}
