import { readYamlData } from '../files/yaml-data.js';

/** One emitted kernel module, as declared in rules/modules.yml. */
export interface ModulePlan {
  /** Folder under sys/dev/virtio/ and the --driver name. */
  name: string;
  kmod: string;
  driver: string;
  parent: string;
  bus: boolean;
  sources: string[];
  headers: string[];
  interfaces: string[];
  /** The detach function the port supplies (a transform's template) when NetBSD's driver has none. */
  detach?: string;
}

export const MODULE_ORDER = ['virtio', 'blk', 'net', 'balloon'] as const;

export function loadModulePlans(file: string): ModulePlan[] {
  const data = readYamlData(file) as Record<string, Record<string, unknown>>;
  return Object.entries(data).map(([name, m]) => {
    const list = (k: string): string[] => {
      const v = m[k] ?? [];
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${file}: ${name}.${k} must be a list of strings`);
      return v as string[];
    };
    for (const k of ['kmod', 'driver', 'parent'])
      if (typeof m[k] !== 'string') throw new Error(`${file}: ${name}.${k} must be a string`);
    return {
      name,
      kmod: m.kmod as string,
      driver: m.driver as string,
      parent: m.parent as string,
      bus: m.bus === true,
      sources: list('sources'),
      headers: list('headers'),
      interfaces: list('interfaces'),
      ...(typeof m.detach === 'string' ? { detach: m.detach } : {}),
    };
  });
}
