/**
 * Content relay: isolated world, document_start, every frame. Wiring only:
 * the hook's private port (src/relay/hook-link.ts) ⇄ the background's
 * runtime port (src/relay/uplink.ts: numbered, acknowledged, resent batches).
 */
import { PROTOCOL_VERSION, RELAY_PORT, isBackgroundToRelay, isHookBatch } from '../src/messaging/protocol';
import { portAdapter, type PortLike } from '../src/messaging/port-adapter';
import { RELAY_PROBE_ANSWER, isRelayProbe } from '../src/messaging/runtime-requests';
import { acceptHookLink } from '../src/relay/hook-link';
import { createUplink } from '../src/relay/uplink';
import { DEFAULT_LIMITS } from '../src/store/limits';
import { debug } from '../src/debug';

const relayId = Math.random().toString(36).slice(2, 12);

/**
 * The relay runs in every frame of every page and needs only `runtime.connect`: the browser's own API
 * (`browser` in Firefox, `chrome` in Chrome, decided at build time), not the 30 KB polyfill. Read at
 * each connect: once the extension is reloaded the API is gone or throws, and the uplink orphans itself.
 */
type RuntimeApi = {
  runtime: {
    connect(info: { name: string }): PortLike;
    onMessage: { addListener(fn: (m: unknown, sender: unknown, respond: (answer: unknown) => void) => void): void };
  };
};
const extensionApi = (): RuntimeApi =>
  __SOCKSCOPE_BROWSER__ === 'firefox'
    ? (globalThis as unknown as { browser: RuntimeApi }).browser
    : (globalThis as unknown as { chrome: RuntimeApi }).chrome;

const uplink = createUplink({
  connect: () => portAdapter(extensionApi().runtime.connect({ name: RELAY_PORT }), isBackgroundToRelay),
  hello: (reconnect) => ({ type: 'hello', v: PROTOCOL_VERSION, relayId, frameUrl: location.href, isTop: window === window.top, reconnect }),
  setTimeout: (fn, ms) => void setTimeout(fn, ms),
  // Commands come only from our runtime port (the background checked the panel and the tab), and go to the hook only over the private port.
  onCommand: (request) => {
    if (!hook.post(request))
      uplink.reply({
        type: 'commandResult',
        id: request.id,
        ok: false,
        error: { code: 'NO_PAGE', message: 'the page hook of this frame is not connected' },
      });
  },
  maxMessageBytes: DEFAULT_LIMITS.maxMessageBytes,
  log: debug,
});

const hook = acceptHookLink(
  window,
  window,
  (m) => (isHookBatch(m) ? uplink.batch(m.events) : uplink.reply(m)),
  (x) => debug('relay: unexpected message from the hook', x),
);

// The background asks a frame whose relay never connected (no socket of the page's own) whether Sockscope
// runs here, to label a socket only the network saw: opened in a worker, or no hook in this frame.
extensionApi().runtime.onMessage.addListener((m, _sender, respond) => {
  if (isRelayProbe(m)) respond(RELAY_PROBE_ANSWER);
});
