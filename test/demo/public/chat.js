// Sockscope demo page: a Socket.IO chat plus buttons that drive a plain
// WebSocket through the cases the inspector must explain (text, JSON, binary,
// Blob, close codes, a refused handshake, a dropped connection).
// Plain script, no build step. Everything from the network is shown with
// textContent only: other users' messages are untrusted input.
'use strict';

(() => {
  const $ = (id) => {
    const el = document.getElementById(id);
    if (!el) throw new Error(`missing #${id}`);
    return el;
  };
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const timeOf = (t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const setPill = (pill, state, text) => {
    pill.dataset.state = state;
    pill.textContent = text;
  };

  // ── chat (Socket.IO) ──────────────────────────────────────────────────
  const messages = $('messages');
  const joinForm = $('join-form');
  const sendForm = $('send-form');
  const nameInput = $('name-input');
  const textInput = $('text-input');
  const presence = $('presence');
  const chatStatus = $('chat-status');
  let myName = null;

  const scrollToEnd = () => {
    messages.scrollTop = messages.scrollHeight;
  };
  const addSystem = (text) => {
    messages.append(el('li', 'system', text));
    scrollToEnd();
  };

  // WebSocket only (no long-polling first), so every chat packet shows in the panel.
  const socket = window.io({ transports: ['websocket'] });

  socket.on('connect', () => {
    setPill(chatStatus, 'open', 'connected');
    // After a reconnect the server no longer knows us: join again.
    if (myName !== null) socket.emit('join', myName, () => addSystem(`rejoined as ${myName}`));
  });
  socket.on('disconnect', (reason) => {
    setPill(chatStatus, 'closed', 'disconnected');
    addSystem(`disconnected (${reason})`);
  });
  socket.on('connect_error', (err) => setPill(chatStatus, 'error', `error: ${err.message}`));

  socket.on('message', (msg) => {
    if (!msg || typeof msg.user !== 'string' || typeof msg.text !== 'string') return;
    const item = el('li', msg.user === myName ? 'mine' : '');
    item.append(el('span', 'who', msg.user), el('span', 'text', msg.text), el('span', 'meta', timeOf(msg.t)));
    messages.append(item);
    scrollToEnd();
  });

  socket.on('presence', (names) => {
    presence.replaceChildren();
    if (!Array.isArray(names) || names.length === 0) {
      presence.append(el('li', 'muted', 'nobody yet'));
      return;
    }
    for (const name of names) presence.append(el('li', '', String(name)));
  });

  joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (name === '') return;
    socket.emit('join', name, (answer) => {
      if (!answer || !answer.ok) {
        addSystem(`could not join: ${answer ? answer.error : 'no answer'}`);
        return;
      }
      myName = name;
      joinForm.hidden = true;
      sendForm.hidden = false;
      textInput.focus();
      addSystem(`you joined as ${name}`);
    });
  });

  sendForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = textInput.value;
    if (text.trim() === '') return;
    const sentAt = performance.now();
    // The ack ("43" packet) pairs with this emit ("42"): the latency is what an inspector would show.
    socket.emit('publish', text, (answer) => {
      if (!answer || !answer.ok) addSystem(`not delivered: ${answer ? answer.error : 'no answer'}`);
      else chatStatus.title = `last ack after ${Math.round(performance.now() - sentAt)} ms`;
    });
    textInput.value = '';
  });

  $('leave-button').addEventListener('click', () => {
    socket.emit('leave');
    myName = null;
    sendForm.hidden = true;
    joinForm.hidden = false;
    addSystem('you left');
  });

  // ── plain WebSocket ───────────────────────────────────────────────────
  const rawLog = $('raw-log');
  const rawStatus = $('raw-status');
  const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
  $('raw-url').textContent = `${wsBase}/echo`;
  let ws = null;

  const log = (className, text) => {
    rawLog.append(el('li', className, `${new Date().toLocaleTimeString()}  ${text}`));
    rawLog.scrollTop = rawLog.scrollHeight;
  };
  const hex = (buffer) =>
    Array.from(new Uint8Array(buffer).slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join(' ') +
    (buffer.byteLength > 16 ? ' …' : '');

  const connect = (path) => {
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'reconnecting');
    const socketHere = new WebSocket(wsBase + path);
    ws = socketHere;
    socketHere.binaryType = 'arraybuffer';
    setPill(rawStatus, 'connecting', `connecting ${path}`);
    log('out', `connect ${path}`);
    socketHere.addEventListener('open', () => {
      setPill(rawStatus, 'open', `open ${path}`);
      log('in', 'open');
    });
    socketHere.addEventListener('message', (event) => {
      if (typeof event.data === 'string') log('in', `← text ${JSON.stringify(event.data)}`);
      else log('in', `← binary ${event.data.byteLength} bytes: ${hex(event.data)}`);
    });
    // The page never learns why a handshake failed: only "error", then close 1006.
    socketHere.addEventListener('error', () => log('bad', 'error event (the page is not told why)'));
    socketHere.addEventListener('close', (event) => {
      if (ws === socketHere) setPill(rawStatus, 'closed', `closed ${event.code}`);
      log(event.wasClean ? '' : 'bad', `close code=${event.code} reason=${JSON.stringify(event.reason)} wasClean=${event.wasClean}`);
    });
  };

  const send = (data, description) => {
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      log('bad', 'not open: press "Connect /echo" first');
      return;
    }
    ws.send(data);
    log('out', `→ ${description}`);
  };

  let counter = 0;
  const actions = {
    connect: () => connect('/echo'),
    text: () => {
      counter += 1;
      send(`hello #${counter}`, `text "hello #${counter}"`);
    },
    json: () => {
      const body = JSON.stringify({ type: 'update', id: ++counter, cells: { A1: 42, B2: 'total' }, at: Date.now() });
      send(body, `JSON ${body}`);
    },
    binary: () => {
      const bytes = new Uint8Array(32).map((_, i) => (i * 7) & 0xff);
      send(bytes.buffer, `ArrayBuffer ${bytes.byteLength} bytes: ${hex(bytes.buffer)}`);
    },
    blob: () => {
      const blob = new Blob([new Uint8Array([0xca, 0xfe, 0xba, 0xbe]), 'blob payload'], { type: 'application/octet-stream' });
      send(blob, `Blob ${blob.size} bytes`);
    },
    close1000: () => ws && ws.close(1000, 'bye'),
    close4001: () => ws && ws.close(4001, 'session expired'),
    forbidden: () => connect('/forbidden'),
    drop: () => connect('/drop'),
  };

  document.querySelector('.buttons').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    const action = button && actions[button.dataset.action];
    if (action) action();
  });

  connect('/echo');
})();
