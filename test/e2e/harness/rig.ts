/**
 * The rig every browser-test file shares: a local server and the browser with
 * the built extension, started once for a describe block and closed after it.
 */
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../../servers/test-server';
import { launch, type BrowserName, type Harness } from './browsers';

export function useRig(name: BrowserName, onReady: (server: TestServer, h: Harness) => void): void {
  let server: TestServer | undefined;
  let h: Harness | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    h = await launch(name);
    onReady(server, h);
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });
}
