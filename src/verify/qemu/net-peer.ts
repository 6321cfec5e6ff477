import { createSocket, type Socket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';

/**
 * The other end of QEMU's `-netdev dgram`: one UDP datagram per Ethernet frame, both ways, on
 * loopback; frames sent from here reach the driver's receive path. What the device transmits is
 * read from QEMU's own capture of the netdev (`-object filter-dump`), which loses nothing: a UDP
 * socket drops datagrams when its buffer (net.core.rmem_max) overflows.
 */
export class NetPeer {
  readonly received: Buffer[] = [];
  private waiter: (() => void) | undefined;

  private constructor(
    private readonly sock: Socket,
    readonly hostPort: number,
    readonly qemuPort: number,
    readonly pcap: string,
  ) {
    sock.on('message', (msg) => {
      this.received.push(msg);
      this.waiter?.();
    });
  }

  static async open(pcap: string): Promise<NetPeer> {
    const sock = createSocket({ type: 'udp4', recvBufferSize: 8 << 20 });
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(0, '127.0.0.1', () => resolve());
    });
    // a free port for QEMU's end: bound and let go at once (loopback only)
    const probe = createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', () => resolve()));
    const qemuPort = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new NetPeer(sock, sock.address().port, qemuPort, pcap);
  }

  /** QEMU's arguments for this peer: the netdev and its capture. */
  qemuArgs(id: string): string[] {
    return [
      '-netdev', `dgram,id=${id},local.type=inet,local.host=127.0.0.1,local.port=${this.qemuPort},remote.type=inet,remote.host=127.0.0.1,remote.port=${this.hostPort}`,
      '-object', `filter-dump,id=${id}-dump,netdev=${id},file=${this.pcap}`,
    ];
  }

  /** Every frame the capture holds whose source address is `src`, in order (pcap: 24-byte header, 16-byte record headers). */
  captured(src: Buffer): Buffer[] {
    if (!existsSync(this.pcap)) return [];
    const b = readFileSync(this.pcap);
    const out: Buffer[] = [];
    for (let off = 24; off + 16 <= b.length; ) {
      const len = b.readUInt32LE(off + 8);
      if (off + 16 + len > b.length) break;
      const frame = b.subarray(off + 16, off + 16 + len);
      if (frame.length >= 12 && frame.subarray(6, 12).equals(src)) out.push(frame);
      off += 16 + len;
    }
    return out;
  }

  /** The frames from `src` captured so far, once there are at least `count` of them or ms passed. */
  async waitCaptured(src: Buffer, count: number, ms: number): Promise<Buffer[]> {
    const deadline = Date.now() + ms;
    let frames = this.captured(src);
    while (frames.length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      frames = this.captured(src);
    }
    return frames;
  }

  send(frame: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.sock.send(frame, this.qemuPort, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  }

  /** Resolves once `count` frames in all have arrived, or after ms. */
  async waitFor(count: number, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          if (this.received.length >= count) {
            clearTimeout(t);
            resolve();
          }
        };
      });
    }
    return true;
  }

  close(): void {
    this.sock.close();
  }
}
