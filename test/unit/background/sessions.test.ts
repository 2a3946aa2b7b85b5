/**
 * The port sessions against untrusted or badly timed input: a relay's batch
 * before its hello and malformed messages are ignored (no ack, nothing
 * stored); a panel that leaves, or subscribes again, before its snapshot is
 * sent is not left behind as a subscriber.
 */
import { describe, expect, it, vi } from 'vitest';
import { memoryPersistence } from '../../../src/background/persistence';
import { createMemoryPair } from '../../../src/messaging/adapter';
import { attachRelay } from '../../../src/background/relay-session';
import { PROTOCOL_VERSION } from '../../../src/messaging/protocol';
import { TAB, connectPanel, connectRelay, create, dump, newHub, text } from './rig';
import type { Hub } from '../../../src/background/hub';

const panelsOf = (hub: Hub, tabId = TAB) => hub.withTab(tabId, (_store, e) => e.panels.size);

describe('background port sessions', () => {
  it('ignores batches before hello and messages that are not the protocol', async () => {
    const hub = newHub(memoryPersistence());
    const [bg, page] = createMemoryPair<unknown, unknown>();
    attachRelay(hub, bg, { tabId: TAB, frameId: 0 });
    const got: unknown[] = [];
    page.addListener((m) => got.push(m));
    page.postMessage({ type: 'batch', seq: 1, events: [create('a:1'), text('a:1', 'early')] });
    page.postMessage({ type: 'batch', seq: 'x', events: 'no' });
    page.postMessage({ type: 'commandResult', id: 1, ok: true, result: {} }); // no link yet: nobody asked
    page.postMessage(null);
    page.postMessage({ type: 'hello', v: PROTOCOL_VERSION, relayId: 'r', frameUrl: 'https://page.test/', isTop: true, reconnect: false });
    page.postMessage({ type: 'batch', seq: 2, events: [create('a:2'), text('a:2', 'after hello')] });
    await vi.waitFor(() => expect(got).toEqual([{ type: 'ack', seq: 2 }]));
    expect((await dump(hub))?.messages.map((m) => m.data)).toEqual(['after hello']);
  });

  it('does not keep a panel that left before its snapshot was sent', async () => {
    const hub = newHub(memoryPersistence());
    const relay = connectRelay(hub);
    relay.send(1, [create('a:1')]);
    await vi.waitFor(() => expect(relay.acks).toEqual([1]));
    const panel = connectPanel(hub);
    panel.close(); // before the subscription's turn in the tab's chain
    const stays = connectPanel(hub);
    await vi.waitFor(() => expect(stays.got[0]?.type).toBe('reset'));
    expect(await panelsOf(hub)).toBe(1);
  });

  it('keeps only the last subscription of a panel that subscribes twice', async () => {
    const hub = newHub(memoryPersistence());
    const panel = connectPanel(hub, 1);
    panel.post({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: 2 });
    await vi.waitFor(() => expect(panel.got.filter((m) => m.type === 'reset')).toHaveLength(2));
    expect([await panelsOf(hub, 1), await panelsOf(hub, 2)]).toEqual([0, 1]);
  });
});
