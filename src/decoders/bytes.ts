/**
 * A bounds-checked big-endian byte reader. Every read throws ReadError when
 * the input is short, so a parser can be written straight-line and turn any
 * truncation into a "not mine" reason in one place.
 */
export class ReadError extends Error {}

export class ByteReader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    private readonly end = bytes.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  u8(): number {
    if (this.pos >= this.end) throw new ReadError(`truncated at byte ${this.pos}`);
    return this.bytes[this.pos++] ?? 0;
  }

  u16(): number {
    return (this.u8() << 8) | this.u8();
  }

  u32(): number {
    return ((this.u8() << 24) >>> 0) + (this.u8() << 16) + (this.u8() << 8) + this.u8();
  }

  take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.end) throw new ReadError(`needs ${n} bytes at ${this.pos}, has ${this.remaining}`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** MQTT variable byte integer (MQTT 5 1.5.5): 7 bits per byte, at most 4 bytes. */
  mqttVarint(): number {
    let value = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.u8();
      value += (b & 0x7f) * 128 ** i;
      if ((b & 0x80) === 0) return value;
    }
    throw new ReadError('variable byte integer longer than 4 bytes');
  }

  /** Protobuf / SignalR base-128 varint, little-endian groups, up to 64 bits (as a number, lossy above 2^53). */
  varint(maxBytes = 10): number {
    let value = 0;
    for (let i = 0; i < maxBytes; i++) {
      const b = this.u8();
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return value;
    }
    throw new ReadError(`varint longer than ${maxBytes} bytes`);
  }
}
