/**
 * A Socket.IO v4 chat, the kind of page our users debug: `join` (name),
 * `publish` (text, acknowledged), `leave`; the server broadcasts `message`
 * {user, text, t} and `presence` (the list of names) to everyone.
 * The client library is served at /socket.io/socket.io.js.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';

export interface ChatMessage {
  user: string;
  text: string;
  /** Server time, ms since the epoch. */
  t: number;
}

export type PublishAck = { ok: true; t: number } | { ok: false; error: string };

const MAX_NAME = 40;
const MAX_TEXT = 2000;

export function attachChat(http: HttpServer): Server {
  const io = new Server(http, {
    serveClient: true,
    // Our own upgrade handler serves the other paths: engine.io must not
    // destroy upgrades it does not own (its default after 1 s).
    destroyUpgrade: false,
  });
  const users = new Map<string, string>(); // socket id → name

  const sendPresence = (): void => {
    io.emit('presence', [...new Set(users.values())].sort());
  };

  io.on('connection', (socket) => {
    socket.on('join', (name: unknown, ack?: unknown) => {
      const clean = typeof name === 'string' ? name.trim().slice(0, MAX_NAME) : '';
      if (clean === '') {
        if (typeof ack === 'function') ack({ ok: false, error: 'name required' });
        return;
      }
      users.set(socket.id, clean);
      if (typeof ack === 'function') ack({ ok: true });
      sendPresence();
    });
    socket.on('publish', (text: unknown, ack?: unknown) => {
      const reply = (answer: PublishAck): void => {
        if (typeof ack === 'function') ack(answer);
      };
      const user = users.get(socket.id);
      if (user === undefined) return reply({ ok: false, error: 'join first' });
      if (typeof text !== 'string' || text.trim() === '') return reply({ ok: false, error: 'empty message' });
      const message: ChatMessage = { user, text: text.slice(0, MAX_TEXT), t: Date.now() };
      io.emit('message', message);
      reply({ ok: true, t: message.t });
    });
    const leave = (): void => {
      if (users.delete(socket.id)) sendPresence();
    };
    socket.on('leave', leave);
    socket.on('disconnect', leave);
  });
  return io;
}
