import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';
import { createClient } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { decodeMessage } from '../../../src/decoders/registry';
import { graphqlWsDecoder } from '../../../src/decoders/graphql-ws';
import { pairMessages } from '../../../src/pairing/pairing';
import type { CaptureProxy } from './capture-proxy';
import { listen, startCaptureProxy } from './capture-proxy';

// graphql-ws/use/ws loads graphql through Node (CommonJS main); vite would hand
// this file the .mjs build, and graphql refuses schemas from "another realm".
const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof GraphQL;
const schema = buildSchema(`
  type User { id: Int! }
  type Query { user(id: Int!): User }
  type Subscription { greetings: String }
`);
const roots = {
  query: { user: ({ id }: { id: number }) => ({ id }) },
  subscription: {
    greetings: async function* () {
      for (const hi of ['Hi', 'Bonjour']) yield { greetings: hi };
    },
  },
};

describe('GraphQL over WebSocket decoder with graphql-ws client ↔ server traffic', () => {
  let server: http.Server;
  let proxy: CaptureProxy;
  beforeAll(async () => {
    server = http.createServer();
    useServer({ schema, roots }, new WebSocketServer({ server, path: '/graphql' }));
    proxy = await startCaptureProxy(await listen(server));
  });
  afterAll(async () => {
    await proxy.close();
    server.close();
  });

  it('decodes and pairs connection_init, subscribe, next, complete, ping/pong', async () => {
    const client = createClient({ url: `${proxy.url}/graphql`, webSocketImpl: WebSocket, keepAlive: 20, lazy: false });
    const query = await new Promise<unknown>((resolve, reject) => {
      client.subscribe(
        { query: 'query GetUser($id: Int!) { user(id: $id) { id } }', variables: { id: 42 } },
        { next: resolve, error: reject, complete: () => undefined },
      );
    });
    expect(query).toEqual({ data: { user: { id: 42 } } });
    const greetings: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      client.subscribe({ query: 'subscription { greetings }' }, { next: (v) => greetings.push(v), error: reject, complete: resolve });
    });
    expect(greetings).toHaveLength(2);
    await proxy.waitFor((m) => m.input.text === '{"type":"pong"}');
    await client.dispose();

    const decoded = proxy.messages.map((m, id) => {
      const r = decodeMessage(m.input);
      if (!r.ok) throw new Error(r.reason);
      return { id, dir: m.dir, t: id, decoded: r.decoded };
    });
    expect(proxy.messages[0]?.input.subprotocol).toBe('graphql-transport-ws');
    const subscribe = decoded.find((d) => d.decoded.kind === 'subscribe')?.decoded;
    expect(subscribe?.event).toBe('GetUser');
    expect(subscribe?.summary).toMatch(/^graphql subscribe GetUser id [\w-]+ /);
    expect((subscribe?.value as { variables: { id: number } }).variables.id).toBe(42);
    expect(decoded.find((d) => d.decoded.event === 'greetings')?.decoded.kind).toBe('subscribe');
    expect(
      decoded.filter((d) => d.decoded.kind === 'ping' || d.decoded.kind === 'pong').every((d) => d.decoded.control === 'heartbeat'),
    ).toBe(true);
    expect(decoded[0]?.decoded).toMatchObject({ kind: 'connection_init', control: 'handshake' });

    const pairs = pairMessages(decoded);
    const ops = pairs.exchanges().filter((e) => e.key !== 'gql:init' && e.key !== 'gql:ping');
    expect(ops.map((e) => [e.responses.length, e.done])).toEqual([
      [2, true],
      [3, true],
    ]); // next+complete, next×2+complete
    expect(pairs.exchanges()[0]).toMatchObject({ key: 'gql:init', done: true });
  });

  it('decodes the legacy subscriptions-transport-ws dialect and rejects others', () => {
    // No legacy library is installed: these shapes follow its PROTOCOL.md and are built with JSON.stringify.
    const legacy = (o: unknown) => decodeMessage({ opcode: 1, text: JSON.stringify(o), subprotocol: 'graphql-ws' });
    expect(legacy({ type: 'ka' })).toMatchObject({ ok: true, decoded: { control: 'heartbeat', kind: 'ka' } });
    expect(legacy({ id: '1', type: 'start', payload: { query: 'subscription OnMsg { msg }' } })).toMatchObject({
      ok: true,
      decoded: { event: 'OnMsg', pair: { key: 'gql:1', role: 'request' } },
    });
    expect(legacy({ id: '1', type: 'data', payload: { data: { msg: 'x' } } })).toMatchObject({
      ok: true,
      decoded: { pair: { final: false } },
    });
    const d = (t: string) => graphqlWsDecoder.decode({ opcode: 1, text: t });
    expect(d('{"type":"subscribe","payload":{}}').ok).toBe(false); // no id
    expect(d('{"type":"next","id":"1","extra":1}').ok).toBe(false);
    expect(d('{"type":"publish"}').ok).toBe(false);
    expect(d('{"type":"next","id":"1"').ok).toBe(false);
  });
});
