import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateConstExpr } from '../../src/verify/gen/const-expr.js';
import { extractStructs } from '../../src/verify/gen/c-constants.js';
import { GENERATED_CONSTANTS_PATH, generateConstantsText } from '../../src/verify/gen/write-constants.js';
import * as C from '../../src/verify/model/virtio-constants.generated.js';

describe('generated virtio constants', () => {
  it('is what the generator makes of the NetBSD sources today (run npm run verify:constants if not)', () => {
    expect(readFileSync(GENERATED_CONSTANTS_PATH, 'utf8')).toBe(generateConstantsText());
  });

  it('holds the legacy PCI header and ring layout of the virtio 0.9.5 spec', () => {
    expect([C.VIRTIO_CONFIG_QUEUE_NOTIFY, C.VIRTIO_CONFIG_DEVICE_STATUS, C.VIRTIO_CONFIG_ISR_STATUS, C.VIRTIO_CONFIG_DEVICE_CONFIG_NOMSI]).toEqual([16, 18, 19, 20]);
    expect([C.VRING_DESC_F_NEXT, C.VRING_DESC_F_WRITE, C.VRING_DESC_F_INDIRECT, C.VIRTIO_F_RING_INDIRECT_DESC]).toEqual([1, 2, 4, 1 << 28]);
    expect(C.STRUCT_VRING_DESC.size).toBe(16);
    expect(C.STRUCT_VRING_USED.fields.ring).toEqual({ offset: 4, size: 0, elementSize: 8 });
    expect(C.STRUCT_VIRTIO_BLK_REQ_HDR.fields.sector.offset).toBe(8);
    expect(C.STRUCT_VIRTIO_NET_HDR.size).toBe(10); // num_buffers is under #if 0
  });
});

describe('constant expressions', () => {
  it('evaluates integer defines and refuses anything else', () => {
    const known = new Map([['A', 4n]]);
    expect(evaluateConstExpr('(1<<28)', known)).toBe(1n << 28n);
    expect(evaluateConstExpr('0x80000000', known)).toBe(0x80000000n);
    expect(evaluateConstExpr('(A*2 + 1) | 0x10', known)).toBe(25n);
    expect(evaluateConstExpr('(65536+ETHER_HDR_LEN)', known)).toBeUndefined();
    expect(evaluateConstExpr('sizeof(struct x)', known)).toBeUndefined();
    expect(evaluateConstExpr('1 +', known)).toBeUndefined();
  });

  it('lays out natural-alignment structs and refuses unknown member types', () => {
    const [s] = extractStructs('struct s { uint8_t a; uint32_t b; uint16_t c; };', ['s']);
    expect(s).toMatchObject({ size: 12, packed: false, fields: [{ name: 'a', offset: 0 }, { name: 'b', offset: 4 }, { name: 'c', offset: 8 }] });
    expect(() => extractStructs('struct t { long x; } __packed;', ['t'])).toThrow(/unsupported member type/);
  });
});
