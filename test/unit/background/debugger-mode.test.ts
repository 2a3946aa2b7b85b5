/**
 * Debugger mode in the background: the tab option attaches and detaches
 * through the browser control, CDP events are stored and shown to panels,
 * Chrome ending the session turns the option off with its reason.
 */
import { describe, expect, it, vi } from 'vitest';
import { memoryPersistence } from '../../../src/background/persistence';
import type { DebuggerControl } from '../../../src/background/debugger-mode';
import { connectPanel, dump, newHub, TAB } from './rig';
import { socketLife, URL_, workerAttached } from '../debugger/cdp-fixtures';

function fakeControl(fail: string | null = null) {
  const calls: string[] = [];
  const control: DebuggerControl = {
    attach: async (tabId) => (calls.push(`attach ${tabId}`), fail),
    detach: async (tabId) => void calls.push(`detach ${tabId}`),
  };
  return { calls, control };
}

const optionsOf = (got: ReturnType<typeof connectPanel>['got']) => got.flatMap((m) => (m.type === 'options' ? [m.options] : []));

describe('debugger mode (background)', () => {
  it('attaches when turned on, stores a worker socket once, detaches when turned off and ignores late events', async () => {
    const { calls, control } = fakeControl();
    const hub = newHub(memoryPersistence(), { debuggerControl: control });
    const panel = connectPanel(hub);
    await hub.setOptions(TAB, { debugger: true });
    expect(calls).toEqual([`attach ${TAB}`]);
    for (const [m, p, s] of [workerAttached, ...socketLife('9.1', URL_, 'S1')]) hub.debuggerEvent(TAB, m, p, s);
    await vi.waitFor(async () => expect((await dump(hub))?.messages.map((m) => m.data)).toEqual(['from-worker', '3q2+7w==']));
    expect((await dump(hub))?.connections).toHaveLength(1);
    expect(panel.got.some((m) => m.type === 'messages')).toBe(true);
    await hub.setOptions(TAB, { debugger: false });
    expect(calls).toEqual([`attach ${TAB}`, `detach ${TAB}`]);
    for (const [m, p, s] of socketLife('9.2', URL_ + 'x', 'S1')) hub.debuggerEvent(TAB, m, p, s);
    await hub.withTab(TAB, () => undefined); // after the events' chain steps
    expect((await dump(hub))?.messages).toHaveLength(2);
    expect((await dump(hub))?.connections).toHaveLength(1);
  });

  it('turns itself off with the reason when Chrome ends the session or refuses to attach', async () => {
    const { control } = fakeControl();
    const hub = newHub(memoryPersistence(), { debuggerControl: control });
    const panel = connectPanel(hub);
    await hub.setOptions(TAB, { debugger: true });
    await hub.debuggerDetached(TAB, 'canceled_by_user');
    expect(optionsOf(panel.got).at(-1)).toMatchObject({ debugger: false, debuggerOff: 'canceled_by_user' });
    await hub.setOptions(TAB, { debugger: true });
    expect(optionsOf(panel.got).at(-1)?.debuggerOff).toBeUndefined();

    const refusing = newHub(memoryPersistence(), { debuggerControl: fakeControl('Another debugger is already attached').control });
    const p2 = connectPanel(refusing);
    await refusing.setOptions(TAB, { debugger: true });
    expect(optionsOf(p2.got).at(-1)).toMatchObject({ debugger: false, debuggerOff: 'attach failed: Another debugger is already attached' });

    const firefox = newHub(memoryPersistence());
    const p3 = connectPanel(firefox);
    await firefox.setOptions(TAB, { debugger: true });
    expect(optionsOf(p3.got).at(-1)?.debugger).toBe(false);
  });
});
