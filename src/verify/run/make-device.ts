import type { DeviceBackend } from '../model/device/backend.js';
import { BalloonDevice } from '../model/device/balloon-device.js';
import { BlkDevice } from '../model/device/blk-device.js';
import { GenericDevice } from '../model/device/generic-device.js';
import { NetDevice } from '../model/device/net-device.js';
import type { DeviceSpec } from './step.js';

/** A fresh device model for one run of a vector. */
export function makeDevice(spec: DeviceSpec): DeviceBackend {
  switch (spec.kind) {
    case 'generic':
      return new GenericDevice(spec);
    case 'blk':
      return new BlkDevice({ capacity: spec.capacity, segMax: spec.segMax, badSectors: spec.badSectors, seed: spec.seed }, spec.queueSize);
    case 'net':
      return new NetDevice(spec.queueSize, spec.burst, spec.notifyOnEmpty);
    case 'balloon':
      return new BalloonDevice(spec.queueSize, spec.ramMiB);
  }
}
