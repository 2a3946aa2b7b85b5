/**
 * The extension's IndexedDB TabPersistence (extension/background/persist.ts),
 * on fake-indexeddb: the real persistence code under the pure hub, across
 * restarts, plus the version 1 → 2 upgrade (connections moved out of the tab row).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { idbPersistence } from '../../../extension/background/persist';
import type { TabMeta } from '../../../src/store/tab-store';
import { TabStore } from '../../../src/store/tab-store';
import { bytesToBase64 } from '../../../src/model/base64';
import { TAB, close, connectPanel, connectRelay, create, dump, newHub, text } from './rig';

let n = 0;
const freshName = () => `sockscope-test-${++n}`;

describe('IndexedDB persistence', () => {
  it('survives restarts under the hub: a resent batch is stored once, connections and messages come back', async () => {
    const name = freshName();
    const first = newHub(idbPersistence(name));
    const before = connectRelay(first, { relayId: 'doc' });
    before.send(1, [create('a:1'), create('a:2'), text('a:1', 'one')]);
    before.send(2, [text('a:2', 'two')]);
    await vi.waitFor(() => expect(before.ackedThrough()).toBe(2));

    const hub = newHub(idbPersistence(name)); // a new worker: new database connection, same data
    const after = connectRelay(hub, { relayId: 'doc' });
    after.send(2, [text('a:2', 'two')]);
    after.send(3, [text('a:1', 'three'), close('a:1')]);
    await vi.waitFor(() => expect(after.ackedThrough()).toBe(3));

    const restored = await dump(newHub(idbPersistence(name)));
    expect(restored?.messages.map((m) => m.data)).toEqual(['one', 'two', 'three']);
    expect(restored?.connections).toMatchObject([
      { id: 'a:1', state: 'closed', sent: { messages: 2 } },
      { id: 'a:2', state: 'connecting', sent: { messages: 1 } },
    ]);
    const panel = connectPanel(newHub(idbPersistence(name)));
    await vi.waitFor(() => expect(panel.got[0]).toMatchObject({ type: 'reset', stats: { messages: 3, connections: 2 } }));
  });

  it('a binary payload that came as a Blob is stored as that Blob and comes back as the same bytes after a restart', async () => {
    const name = freshName();
    const bytes = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 13) & 255);
    const relay = connectRelay(newHub(idbPersistence(name)), { relayId: 'doc' });
    relay.send(1, [create('a:1'), { k: 'message', conn: 'a:1', t: 4, dir: 'in', opcode: 2, size: bytes.length, bytes: new Blob([bytes]) }]);
    await vi.waitFor(() => expect(relay.ackedThrough()).toBe(1));
    const db = await openDB(name);
    const [chunk] = (await db.getAll('chunks')) as Array<{ records: Array<{ data: string; blob?: Blob }> }>;
    db.close();
    expect(chunk?.records[0]?.data).toBe(''); // the Blob, not its base64, is what was written
    expect(chunk?.records[0]?.blob?.size).toBe(bytes.length);
    const restored = await dump(newHub(idbPersistence(name)));
    expect(restored?.messages.map((m) => m.data)).toEqual([bytesToBase64(bytes)]);
  });

  it('writes the connections a commit names and keeps the others; clear, eviction and delete remove rows', async () => {
    const p = idbPersistence(freshName());
    const store = new TabStore(TAB, { maxMessages: 2, maxBytes: 1 << 20, maxMessageBytes: 1 << 20 });
    const d1 = store.applyBatch('r', 1, 0, [create('a:1'), create('a:2'), text('a:1', 'm1'), text('a:1', 'm2')]);
    await p.saveCommit({ head: store.toHead(), connections: d1.connections, records: d1.messages });
    const d2 = store.applyBatch('r', 2, 0, [text('a:2', 'm3')]);
    expect(d2.connections.map((c) => c.id)).toEqual(['a:2']);
    await p.saveCommit({
      head: store.toHead(),
      connections: d2.connections,
      records: d2.messages,
      dropThrough: d2.evictedThrough as number,
    });
    let saved = await p.loadTab(TAB);
    expect(saved?.meta.connections.map((c) => [c.id, c.sent.messages])).toEqual([
      ['a:1', 2],
      ['a:2', 1],
    ]);
    // The first chunk held ids 1–2; id 1 was evicted, id 2 is still live: the chunk stays until all of it is gone.
    expect(
      TabStore.restore(saved!.meta, saved!.records)
        .allMessages()
        .map((m) => m.data),
    ).toEqual(['m2', 'm3']);

    await p.saveCommit({ head: store.toHead(), connections: [], removedConnections: ['a:2'], records: [] });
    expect((await p.loadTab(TAB))?.meta.connections.map((c) => c.id)).toEqual(['a:1']);
    store.clear();
    await p.rewriteTab({ ...store.toMeta(), connections: [] }, []);
    saved = await p.loadTab(TAB);
    expect([saved?.meta.connections, saved?.records]).toEqual([[], []]);
    expect(await p.storedTabIds()).toEqual([TAB]);
    await p.deleteTab(TAB);
    expect([await p.loadTab(TAB), await p.storedTabIds()]).toEqual([undefined, []]);
  });

  it('deletes the chunks the caps evicted wholly, by key, and keeps the live ones', async () => {
    const name = freshName();
    const p = idbPersistence(name);
    const store = new TabStore(TAB, { maxMessages: 2, maxBytes: 1 << 20, maxMessageBytes: 1 << 20 });
    for (let seq = 1; seq <= 5; seq++) {
      const d = store.applyBatch('r', seq, 0, seq === 1 ? [create('a:1'), text('a:1', 'm1')] : [text('a:1', `m${seq}`)]);
      await p.saveCommit({
        head: store.toHead(),
        connections: d.connections,
        records: d.messages,
        ...(d.evictedThrough === undefined ? {} : { dropThrough: d.evictedThrough }),
      });
    }
    const db = await openDB(name);
    expect((await db.getAllKeys('chunks')).map((k) => (k as [number, number])[1])).toEqual([4, 5]); // one chunk per commit; ids 1–3 evicted
    db.close();
    expect((await p.loadTab(TAB))?.records.map((m) => m.data)).toEqual(['m4', 'm5']);
  });

  it('upgrades a version 1 database: connections move out of the tab row, nothing is lost', async () => {
    const name = freshName();
    const store = new TabStore(TAB);
    const delta = store.applyBatch('r', 1, 0, [create('a:1'), text('a:1', 'old')]);
    const v1 = await openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore('tabs', { keyPath: 'tabId' });
        d.createObjectStore('chunks', { keyPath: ['tabId', 'firstId'] });
      },
    });
    const meta: TabMeta = store.toMeta();
    await v1.put('tabs', meta);
    await v1.put('chunks', { tabId: TAB, firstId: 1, lastId: 1, records: delta.messages });
    v1.close();

    const hub = newHub(idbPersistence(name));
    const relay = connectRelay(hub, { relayId: 'r' });
    relay.send(2, [text('a:1', 'new')]);
    await vi.waitFor(() => expect(relay.acks).toEqual([2]));
    const restored = await dump(newHub(idbPersistence(name)));
    expect(restored?.messages.map((m) => m.data)).toEqual(['old', 'new']);
    expect(restored?.connections).toMatchObject([{ id: 'a:1', sent: { messages: 2 } }]);
  });
});
