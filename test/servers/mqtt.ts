/**
 * An MQTT broker (aedes) over WebSocket for browser tests and the demo:
 * `ws://<host>/mqtt` (subprotocol `mqtt`), and mqtt.js's browser bundle at
 * `/vendor/mqtt.min.js` so pages can drive a real MQTT client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { sendFile } from './static-files';

export const MQTT_PATH = '/mqtt';
export const MQTT_CLIENT_PATH = '/vendor/mqtt.min.js';
const BUNDLE = fileURLToPath(new URL('../../node_modules/mqtt/dist/mqtt.min.js', import.meta.url));

export interface MqttEndpoint {
  readonly broker: Aedes;
  /** True when it took the upgrade (path /mqtt). */
  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): boolean;
  /** True when it answered the request (the client bundle). */
  serveHttp(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

export async function createMqttEndpoint(): Promise<MqttEndpoint> {
  const broker = await Aedes.createBroker();
  // MQTT over WebSocket names its subprotocol `mqtt` (MQTT 3.1.1 §6); echo what the client offered.
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false) });
  wss.on('connection', (ws, req) => broker.handle(createWebSocketStream(ws) as never, req));
  return {
    broker,
    handleUpgrade(req, socket, head) {
      if (new URL(req.url ?? '/', 'http://x').pathname !== MQTT_PATH) return false;
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return true;
    },
    async serveHttp(req, res) {
      if (new URL(req.url ?? '/', 'http://x').pathname !== MQTT_CLIENT_PATH) return false;
      await sendFile(req, res, BUNDLE);
      return true;
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      return new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
