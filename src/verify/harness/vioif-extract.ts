/**
 * The part of the TRANSLATED if_vioif.c that the net scenarios run (see src/verify/README.md,
 * "vioif's transmit path"): its header part (includes, if_vioifreg.h/if_vioifvar.h, the
 * prototypes) and the functions below, copied byte for byte, followed by the test fixture that
 * attaches them (host/dragonfly/drivers/vioif-tx-fixture.h). The rest of the driver (rx, ioctl,
 * control queue, attach's ifnet half) would need a shim for every ifnet, ifmedia and mbuf call it
 * makes; none of it runs on the transmit path.
 */
export const VIOIF_TX_FUNCTIONS = ['vioif_alloc_mems', 'vioif_start', 'vioif_tx_vq_done', 'vioif_watchdog'] as const;

/** Where the header part ends: the newbus method table that names every driver entry point. */
const HEADER_END = /^static device_method_t /m;

export function extractVioifTx(translated: string): string {
  const end = translated.search(HEADER_END);
  if (end < 0) throw new Error('if_vioif.c: no device_method_t table (the header part cannot be delimited)');
  const parts = [translated.slice(0, end)];
  for (const name of VIOIF_TX_FUNCTIONS) parts.push(functionText(translated, name));
  parts.push('#include "drivers/vioif-tx-fixture.h"\n');
  return parts.join('\n');
}

/** A style(9) definition: the return type on its own line, `name(` at column 0, the body up to the first `}` line. */
function functionText(text: string, name: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l, i) => l.startsWith(`${name}(`) && i > 0 && !lines[i]!.trimEnd().endsWith(';'));
  if (at < 1) throw new Error(`if_vioif.c: no definition of ${name}`);
  const close = lines.indexOf('}', at);
  if (close < 0) throw new Error(`if_vioif.c: ${name} has no closing brace at column 0`);
  return `${lines.slice(at - 1, close + 1).join('\n')}\n`;
}
