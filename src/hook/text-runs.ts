/**
 * Packs the page's plain text messages into one TextRun per batch stretch
 * (src/messaging/text-run.ts) as they happen: no object per message, and a
 * batch that structured clone copies as a few blocks.
 *
 * Runs in the page's realm, so it touches nothing the page can reach: typed
 * arrays (their indexed writes never consult a prototype), string
 * concatenation, and constructors captured before any page script ran. No
 * Array, no Map, no method of a page-visible prototype.
 */
import type { TextRun } from '../messaging/text-run';

export interface RunCtors {
  Float64Array: Float64ArrayConstructor;
  Uint32Array: Uint32ArrayConstructor;
  Uint16Array: Uint16ArrayConstructor;
  Uint8Array: Uint8ArrayConstructor;
}

export function captureRunCtors(win: typeof globalThis): RunCtors {
  return { Float64Array: win.Float64Array, Uint32Array: win.Uint32Array, Uint16Array: win.Uint16Array, Uint8Array: win.Uint8Array };
}

/** Distinct connections one run names; a message of one more starts a new run. */
const MAX_RUN_CONNS = 16;

export class TextRunBuilder {
  private n = 0;
  private t: Float64Array;
  private buffered: Float64Array;
  private len: Uint32Array;
  private conn: Uint16Array;
  private dir: Uint8Array;
  private text = '';
  private conns = '';
  /** The run's connection ids by index (typed storage is not possible for strings: fixed slots, no Array). */
  private cCount = 0;
  private readonly slots: { [i: number]: string };
  private lastConn = '';
  private lastIndex = -1;

  constructor(
    private readonly ctors: RunCtors,
    /** The batcher's event limit: a run never holds more. */
    private readonly capacity: number,
  ) {
    this.t = new ctors.Float64Array(capacity);
    this.buffered = new ctors.Float64Array(capacity);
    this.len = new ctors.Uint32Array(capacity);
    this.conn = new ctors.Uint16Array(capacity);
    this.dir = new ctors.Uint8Array(capacity);
    this.slots = { __proto__: null } as unknown as { [i: number]: string };
  }

  get size(): number {
    return this.n;
  }

  /** False when the message must start a new run (full, or one connection too many): take() first. */
  add(conn: string, t: number, out: boolean, text: string, buffered: number): boolean {
    if (this.n >= this.capacity) return false;
    let index = this.lastIndex;
    if (conn !== this.lastConn) {
      index = this.indexOf(conn);
      if (index < 0) {
        if (this.cCount >= MAX_RUN_CONNS) return false;
        index = this.cCount++;
        this.slots[index] = conn; // a prototype-less record: no page setter can run
        this.conns = index === 0 ? conn : this.conns + '\n' + conn;
      }
      this.lastConn = conn;
      this.lastIndex = index;
    }
    const i = this.n++;
    this.conn[i] = index;
    this.t[i] = t;
    this.dir[i] = out ? 1 : 0;
    this.buffered[i] = out ? buffered : NaN;
    this.len[i] = text.length;
    this.text += text;
    return true;
  }

  /** The run so far (undefined when empty); the builder starts a fresh one. */
  take(): TextRun | undefined {
    const n = this.n;
    if (n === 0) return undefined;
    const c = this.ctors;
    const run: TextRun = {
      k: 'texts',
      conns: this.conns,
      // Views of exactly n: structured clone copies the whole (small) buffer behind each.
      conn: new c.Uint16Array(this.conn.buffer, 0, n),
      t: new c.Float64Array(this.t.buffer, 0, n),
      dir: new c.Uint8Array(this.dir.buffer, 0, n),
      buffered: new c.Float64Array(this.buffered.buffer, 0, n),
      len: new c.Uint32Array(this.len.buffer, 0, n),
      text: this.text,
    };
    this.t = new c.Float64Array(this.capacity);
    this.buffered = new c.Float64Array(this.capacity);
    this.len = new c.Uint32Array(this.capacity);
    this.conn = new c.Uint16Array(this.capacity);
    this.dir = new c.Uint8Array(this.capacity);
    this.n = 0;
    this.text = '';
    this.conns = '';
    this.cCount = 0;
    this.lastConn = '';
    this.lastIndex = -1;
    return run;
  }

  private indexOf(conn: string): number {
    for (let i = 0; i < this.cCount; i++) if (this.slots[i] === conn) return i;
    return -1;
  }
}
