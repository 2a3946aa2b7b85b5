/**
 * What the background answers to extension pages (findTab, tabStats,
 * dumpTab), and what it keeps across a restart: stored tabs that are still
 * open are adopted, the others forgotten; a browser restart forgets them all.
 */
import { describe, expect, it, vi } from 'vitest';
import { createHub } from '../../../src/background/hub';
import { memoryPersistence } from '../../../src/background/persistence';
import { connectRelay, create, text } from './rig';

describe('background runtime requests and restarts', () => {
  it('finds a tab by its page URL and answers stats and dumps only for tabs with data', async () => {
    const hub = createHub(memoryPersistence());
    const relay = connectRelay(hub, { tabId: 3 }); // its hello says the top frame is https://page.test/
    relay.send(1, [create('a:1'), text('a:1', 'hi')]);
    await vi.waitFor(() => expect(relay.acks).toEqual([1]));
    expect(await hub.answer({ type: 'findTab', urlContains: 'page.test' })).toEqual({ ok: true, tabId: 3 });
    expect(await hub.answer({ type: 'findTab', urlContains: 'elsewhere' })).toEqual({ ok: true, tabId: null });
    expect(await hub.answer({ type: 'tabStats', tabId: 3 })).toMatchObject({ ok: true, stats: { messages: 1, connections: 1 } });
    expect(await hub.answer({ type: 'tabStats', tabId: 4 })).toEqual({ ok: true, stats: null });
    expect(await hub.answer({ type: 'dumpTab', tabId: 4 })).toEqual({ ok: true, dump: null });
  });

  it('adopts stored tabs that are still open, forgets closed ones, and forgets all after a browser restart', async () => {
    const stored = memoryPersistence();
    const before = createHub(stored);
    for (const tabId of [7, 8]) {
      const relay = connectRelay(before, { tabId });
      relay.send(1, [create('a:1'), text('a:1', `tab ${tabId}`)]);
      await vi.waitFor(() => expect(relay.acks).toEqual([1]));
    }
    const hub = createHub(stored);
    await hub.adoptStoredTabs(async () => new Set([7]));
    expect(await stored.storedTabIds()).toEqual([7]);
    expect(await hub.answer({ type: 'dumpTab', tabId: 7 })).toMatchObject({ dump: { messages: [{ data: 'tab 7' }] } });
    expect(await hub.answer({ type: 'tabStats', tabId: 8 })).toEqual({ ok: true, stats: null });
    await hub.forgetStoredTabs();
    expect(await stored.storedTabIds()).toEqual([]);
    expect(await hub.answer({ type: 'tabStats', tabId: 7 })).toEqual({ ok: true, stats: null });
  });

  it('wants navigations only while some tab has data (a page without sockets must not wake the background)', async () => {
    const stored = memoryPersistence();
    const calls: boolean[] = [];
    const empty = createHub(stored, { watchNavigations: (on) => calls.push(on) });
    await empty.adoptStoredTabs(async () => new Set([1]));
    expect(calls).toEqual([false]); // nothing stored: the shell's start-up listener goes
    const relay = connectRelay(empty, { tabId: 5 });
    relay.send(1, [create('a:1'), text('a:1', 'x')]);
    await vi.waitFor(() => expect(relay.acks).toEqual([1]));
    expect(calls).toEqual([false, true]);
    await empty.forget(5);
    expect(calls).toEqual([false, true, false]);
    empty.receiveHandshake(6, { requestId: 'r', frameId: 0, url: 'ws://h/', t: 1 });
    expect(calls).toEqual([false, true, false, true]);
    const six = connectRelay(empty, { tabId: 6 });
    six.send(1, [create('a:1'), text('a:1', 'y')]);
    await vi.waitFor(() => expect(six.acks).toEqual([1]));

    // After a restart, a stored tab that is still open keeps navigations watched.
    const restarted: boolean[] = [];
    const hub = createHub(stored, { watchNavigations: (on) => restarted.push(on) });
    await hub.adoptStoredTabs(async () => new Set([6]));
    expect(restarted).toEqual([true]);
    await hub.forgetStoredTabs();
    expect(restarted).toEqual([true, false]);
  });
});
