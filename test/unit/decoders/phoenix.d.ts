// phoenix ships no type declarations (and @types/phoenix is not installed):
// just the part of its client API these tests use.
declare module 'phoenix' {
  interface Push {
    receive(status: string, callback: (response: unknown) => void): Push;
  }
  export class Channel {
    join(): Push;
    push(event: string, payload: object): Push;
  }
  export class Socket {
    constructor(endPoint: string, opts?: { transport?: unknown; heartbeatIntervalMs?: number; vsn?: string });
    connect(): void;
    disconnect(): void;
    channel(topic: string, params?: object): Channel;
  }
}
