/** The shape of a packed run of plain text messages (text-run.ts says why and how). No imports: protocol.ts uses it. */
export interface TextRun {
  k: 'texts';
  /** The run's connection ids, each once, separated by "\n" (ids are Sockscope's own: `<prefix>:<n>`). */
  conns: string;
  /** Per message: index into `conns`. */
  conn: Uint16Array;
  /** Per message: wall-clock ms. */
  t: Float64Array;
  /** Per message: 0 received, 1 sent. */
  dir: Uint8Array;
  /** Per message: `bufferedAmount` after a send; NaN for a received one. */
  buffered: Float64Array;
  /** Per message: UTF-16 length of its text within `text`. */
  len: Uint32Array;
  /** The texts, one after the other. */
  text: string;
}

/** What a capture batch carries between the hook and the background: events, and runs of plain text messages. */
export type BatchItem<E> = E | TextRun;
