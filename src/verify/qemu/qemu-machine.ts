import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { findExecutable } from '../build/find-executable.js';
import { LineReader } from '../run/line-reader.js';

/** What runs in the VM besides the harness: one legacy virtio-pci device and what feeds it. */
export interface MachineDevice {
  /** -device argument, e.g. `virtio-blk-pci,drive=d0` (`disable-modern=on` is added). */
  device: string;
  /** Extra QEMU arguments (-drive, -netdev). */
  extra?: string[];
}

/** The code under test stopped: a panic/KKASSERT with its location, or a process died. */
export class QemuFailure extends Error {
  constructor(
    message: string,
    readonly at?: string,
  ) {
    super(message);
  }
}

const RAM_BYTES = 128 << 20;
const live = new Set<QemuMachine>();
let hooked = false;

/** QEMU processes and /dev/shm files never outlive the run: on exit, and on SIGINT/SIGTERM. */
function hookCleanup(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const m of live) m.killNow();
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      for (const m of live) m.killNow();
      process.kill(process.pid, sig);
    });
}

/** The first ASan/UBSan report in the harness's stderr: its message and the emitted `file:line` it names. */
export function sanitizerReport(log: string): { message: string; at?: string } | undefined {
  const ub = /([\w.-]+):(\d+):\d+: runtime error: (.*)/.exec(log);
  if (ub) return { message: `UBSan: ${ub[3]}`, at: `${ub[1]}:${ub[2]}` };
  const asan = /ERROR: AddressSanitizer: (.*)[\s\S]*?#\d+ 0x[0-9a-f]+ in \w+ \S*?([\w.-]+\.c):(\d+)/.exec(log);
  if (asan) return { message: `ASan: ${asan[1]}`, at: `${asan[2]}:${asan[3]}` };
  return undefined;
}

/** A stack's innermost frame outside the harness's own code (src/verify/host): the code under test. */
export function innermostFrame(log: string): { fn: string; at: string } | undefined {
  for (const m of log.matchAll(/#\d+ 0x[0-9a-f]+ in (\w+) (\S+?\.c):(\d+)/g))
    if (!m[2]!.includes('/src/verify/host/')) return { fn: m[1]!, at: `${basename(m[2]!)}:${m[3]}` };
  return undefined;
}

/** A harness command answers within this, or the code under test is taken to hang. */
const COMMAND_TIMEOUT_MS = 20_000;

export function qemuBinary(): string | undefined {
  return findExecutable('qemu-system-x86_64');
}

/**
 * One QEMU VM whose CPU is halted (a 16-byte BIOS: cli; hlt) and whose RAM is a /dev/shm file,
 * driven over qtest by the harness process: the harness is the guest's kernel, QEMU's device the
 * peer. The test reads and writes guest RAM through the same file and speaks QMP to QEMU.
 */
export class QemuMachine {
  private readonly out: LineReader;
  private harnessLog = '';
  private qemuLog = '';
  private qmpSocket: Socket | undefined;
  private qmpBuffer = '';
  private qmpWaiter: ((msg: Record<string, unknown>) => void) | undefined;
  private ramFd: number | undefined;
  /** The PCI functions the harness's firmware set up. */
  devices: { slot: number; device: number; subdevice: number; iobase: number; irq: number }[] = [];

  private constructor(
    private readonly work: string,
    readonly ramPath: string,
    private readonly harness: ChildProcess,
    private qemu?: ChildProcess,
  ) {
    this.out = new LineReader(harness.stdout!);
    harness.stderr!.on('data', (c: Buffer) => (this.harnessLog = (this.harnessLog + c.toString('utf8')).slice(-16000)));
    harness.on('close', () => this.out.close());
  }

  static async start(binary: string, dev: MachineDevice): Promise<QemuMachine> {
    const qemuBin = qemuBinary();
    if (!qemuBin) throw new QemuFailure('qemu-system-x86_64 not found on PATH: install the Debian package qemu-system-x86 (scripts/setup.sh does)');
    hookCleanup();
    const work = mkdtempSync(join(tmpdir(), 'port-virtio-qemu-'));
    const ramPath = `/dev/shm/port-virtio-qemu-${process.pid}-${randomBytes(4).toString('hex')}`;
    const bios = join(work, 'halt.bin');
    const rom = Buffer.alloc(65536, 0xff);
    Buffer.from([0xfa, 0xf4, 0xeb, 0xfd]).copy(rom, 0xfff0); // reset vector: cli; hlt; jmp .-2
    writeFileSync(bios, rom);
    const qtSock = join(work, 'qtest.sock');
    const qmpSock = join(work, 'qmp.sock');
    const harness = spawn(binary, [qtSock, ramPath, String(RAM_BYTES)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=0:handle_abort=1', UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1' },
    });
    const m = new QemuMachine(work, ramPath, harness);
    live.add(m);
    try {
      await m.expect('listening');
      const args = [
        '-machine', 'pc', '-accel', 'tcg', '-bios', bios, '-nodefaults', '-display', 'none', '-no-user-config',
        '-object', `memory-backend-file,id=mem,size=${RAM_BYTES},mem-path=${ramPath},share=on`, '-machine', 'memory-backend=mem', '-m', `${RAM_BYTES >> 20}M`,
        '-qtest', `unix:${qtSock}`, '-qtest-log', '/dev/null', '-qmp', `unix:${qmpSock},server=on,wait=off`,
        ...(dev.extra ?? []), '-device', `${dev.device},disable-modern=on`,
      ];
      m.qemu = spawn(qemuBin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      m.qemu.stderr!.on('data', (c: Buffer) => (m.qemuLog = (m.qemuLog + c.toString('utf8')).slice(-4000)));
      m.qemu.on('close', (code) => {
        if (!m.out.isClosed) m.qemuLog += `\nQEMU exited (${code})`;
      });
      const ready = await m.expect('ready');
      m.devices = ready.devices as QemuMachine['devices'];
      m.ramFd = openSync(ramPath, 'r+');
      await m.connectQmp(qmpSock);
      return m;
    } catch (e) {
      await m.stop();
      throw e;
    }
  }

  private nextLine(): Promise<string | undefined> {
    return this.out.next();
  }

  private async expect(key: string): Promise<Record<string, unknown>> {
    const line = await this.nextLine();
    const msg = line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>);
    if (msg?.panic !== undefined) throw new QemuFailure(`harness: ${String(msg.panic)}${this.qemuLog ? `\nQEMU: ${this.qemuLog.trim()}` : ''}`, String(msg.at));
    if (!msg || msg[key] !== 1) throw new QemuFailure(`harness did not get ${key}: ${this.tail()}`);
    return msg;
  }

  /** The last kernel messages and sanitizer output of the harness, and QEMU's complaints. */
  tail(lines = 12): string {
    const h = this.harnessLog.trim().split('\n').slice(-lines).join('\n');
    return `${h}${this.qemuLog.trim() ? `\nQEMU: ${this.qemuLog.trim()}` : ''}`;
  }

  /**
   * One harness command; a panic or a dead harness throws QemuFailure naming where. A command that
   * does not answer within `ms` (the driver spins or sleeps for ever) is aborted: ASan prints the
   * stack, and the failure names the innermost frame in the code under test.
   */
  async request(cmd: string, args: Record<string, unknown> = {}, ms = COMMAND_TIMEOUT_MS): Promise<Record<string, number>> {
    if (this.out.isClosed) throw new QemuFailure(`harness is gone: ${this.tail()}`);
    this.harness.stdin!.write(`${JSON.stringify({ cmd, ...args })}\n`);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.harness.kill('SIGABRT');
    }, ms);
    const line = await this.nextLine().finally(() => clearTimeout(timer));
    if (line === undefined) {
      if (timedOut) {
        const frame = innermostFrame(this.harnessLog);
        throw new QemuFailure(`'${cmd}' did not return within ${ms / 1000} s: the driver spins or sleeps for ever${frame ? ` (in ${frame.fn})` : ''}`, frame?.at);
      }
      const report = sanitizerReport(this.harnessLog);
      throw new QemuFailure(`harness died during '${cmd}': ${report?.message ?? this.tail()}`, report?.at);
    }
    const msg = JSON.parse(line) as Record<string, unknown>;
    if (msg.panic !== undefined) throw new QemuFailure(`panic during '${cmd}': ${String(msg.panic)}`, String(msg.at));
    return msg as Record<string, number>;
  }

  private async connectQmp(path: string): Promise<void> {
    const sock = connect(path);
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', resolve);
      sock.once('error', reject);
    });
    sock.setEncoding('utf8');
    sock.on('data', (c: string) => {
      this.qmpBuffer += c;
      let nl;
      while ((nl = this.qmpBuffer.indexOf('\n')) >= 0) {
        const msg = JSON.parse(this.qmpBuffer.slice(0, nl)) as Record<string, unknown>;
        this.qmpBuffer = this.qmpBuffer.slice(nl + 1);
        if (msg.event !== undefined) continue;
        const w = this.qmpWaiter;
        this.qmpWaiter = undefined;
        w?.(msg);
      }
    });
    this.qmpSocket = sock;
    const greeting = new Promise<Record<string, unknown>>((resolve) => (this.qmpWaiter = resolve));
    await greeting;
    await this.qmp('qmp_capabilities');
  }

  /** A QMP command; an error reply throws. */
  async qmp(execute: string, args?: Record<string, unknown>): Promise<unknown> {
    const reply = new Promise<Record<string, unknown>>((resolve) => (this.qmpWaiter = resolve));
    this.qmpSocket!.write(`${JSON.stringify(args ? { execute, arguments: args } : { execute })}\n`);
    const r = await reply;
    if (r.error !== undefined) throw new QemuFailure(`QMP ${execute}: ${JSON.stringify(r.error)}`);
    return r.return;
  }

  /** Guest RAM at guest-physical `addr`, read through the shared file. */
  ramRead(addr: number, len: number): Buffer {
    const b = Buffer.alloc(len);
    readSync(this.ramFd!, b, 0, len, addr);
    return b;
  }

  ramWrite(addr: number, data: Buffer): void {
    writeSync(this.ramFd!, data, 0, data.length, addr);
  }

  /** Ends QEMU and the harness and removes their files. */
  async stop(): Promise<void> {
    const gone = (p: ChildProcess | undefined): Promise<void> =>
      !p || p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise((resolve) => p.once('close', () => resolve()));
    const done = Promise.all([gone(this.harness), gone(this.qemu)]);
    this.killNow();
    await done;
    live.delete(this);
  }

  /** Synchronous teardown (also from an exit handler). */
  killNow(): void {
    this.qmpSocket?.destroy();
    for (const p of [this.harness, this.qemu]) if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    if (this.ramFd !== undefined) {
      closeSync(this.ramFd);
      this.ramFd = undefined;
    }
    try {
      unlinkSync(this.ramPath);
    } catch {
      // not created yet, or already gone
    }
    rmSync(this.work, { recursive: true, force: true });
  }
}
