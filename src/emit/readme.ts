import { MODULE_ORDER, type ModulePlan } from './module-plan.js';

/** What each module is, for the README's table. */
const ROLE: Record<string, string> = { virtio: 'the virtio PCI parent (bus)', blk: 'disk', net: 'network interface', balloon: 'memory balloon' };

/**
 * The `kernel config` lines of DragonFly's own virtio drivers (sys/dev/virtual/virtio/; X86_64_GENERIC
 * has the first four) and the module files they also come as (/boot/kernel/*.ko).
 */
const IN_TREE_DEVICES = ['virtio', 'virtio_pci', 'virtio_blk', 'vtnet', 'virtio_scsi', 'virtio_balloon', 'virtio_random'];
const IN_TREE_KMODS = ['virtio', 'virtio_pci', 'virtio_blk', 'if_vtnet', 'virtio_scsi', 'virtio_balloon', 'virtio_random'];

/**
 * sys/dev/virtio/README: what the modules are, how to build a DragonFly kernel they can attach
 * under (one without the in-tree virtio drivers, which claim the same PCI devices at boot), and
 * the order to load and unload them. `prefix` is link/module-symbol-prefix's ('' when it is off).
 */
export function modulesReadme(plans: readonly ModulePlan[], prefix: string): string {
  const ordered = MODULE_ORDER.map((n) => plans.find((p) => p.name === n)).filter((p): p is ModulePlan => p !== undefined);
  const parent = ordered.find((p) => p.bus);
  const children = ordered.filter((p) => !p.bus);
  const ko = (p: ModulePlan): string => `${p.kmod}.ko`;
  const width = Math.max(...ordered.map((p) => ko(p).length)) + 2;
  const rows = ordered.map((p) => `  ${ko(p).padEnd(width)}${ROLE[p.name] ?? p.name}: driver ${p.driver}, attaches to ${p.parent}`);
  const load = [parent, ...children].filter((p): p is ModulePlan => p !== undefined);
  const symbols = prefix
    ? [
        `Their global symbols all start with ${prefix} (${prefix}virtio_alloc_vq, ${prefix}vio_dmamap_load, ...),`,
        `so they never bind to the virtio_* functions a kernel with DragonFly's own virtio`,
        `exports; their module and driver names differ from the in-tree ones too.`,
      ]
    : [];
  return [
    `NetBSD 6's virtio drivers, translated for DragonFly BSD by port-virtio.`,
    `Generated: edit the rules and regenerate, not these files.`,
    ``,
    `Modules (\`make\` in this folder builds them all, against /usr/src/sys):`,
    ``,
    ...rows,
    ``,
    ...symbols,
    ...(symbols.length ? [``] : []),
    `A kernel without the in-tree virtio drivers`,
    `-------------------------------------------`,
    `DragonFly's own virtio drivers (sys/dev/virtual/virtio/) claim the same PCI`,
    `devices (vendor 0x1af4, devices 0x1000-0x103f). When the kernel has them, their`,
    `virtio_pci attaches at boot and ${parent?.driver ?? 'the parent'} never does; the kernel also exports`,
    `virtio_* functions of its own. X86_64_GENERIC has virtio, virtio_pci, virtio_blk`,
    `and vtnet: build a kernel without them.`,
    ``,
    `  cd /usr/src/sys/config`,
    `  cp X86_64_GENERIC VIRTIO_NBSD`,
    `  # delete these lines from VIRTIO_NBSD (those it has):`,
    ...IN_TREE_DEVICES.map((d) => `  #   device ${d}`),
    `  cd /usr/src`,
    `  make -j4 buildkernel KERNCONF=VIRTIO_NBSD`,
    `  make installkernel KERNCONF=VIRTIO_NBSD`,
    ``,
    `Any kernel config without those devices will do. Do not load the in-tree`,
    `modules either: \`kldstat\` must list none of`,
    ...wrap(IN_TREE_KMODS.map((k) => `${k}.ko`), 76).map((l) => `  ${l}`),
    ``,
    `Loading and unloading`,
    `---------------------`,
    `The parent first, then the children (each needs the parent's symbols and bus),`,
    `each by its path: ${parent ? ko(parent) : 'the parent'} has the file name of the in-tree virtio.ko in`,
    `/boot/kernel, which \`kldload ${parent?.kmod ?? 'virtio'}\` would load instead:`,
    ``,
    ...load.map((p) => `  kldload ./${ko(p)}`),
    ``,
    `Unload in the reverse order (each child depends on the parent, MODULE_DEPEND:`,
    `the parent cannot go while a child is loaded):`,
    ``,
    ...[...load].reverse().map((p) => `  kldunload ${p.kmod}`),
    ``,
  ].join('\n');
}

/** Comma-separated words in lines of at most `width` characters. */
function wrap(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [i, w] of words.entries()) {
    const word = i < words.length - 1 ? `${w},` : `${w}.`;
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
